import Foundation
import Palimpsest
import PalimpsestCore
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// The embedding background: a fixed panel of real images, so that a pair's score depends on the
/// two images and the configuration, not on what else the corpus holds.
@Suite("Embedding background panel", .serialized)
struct BackgroundPanelTests {
    @Test("a panel read back from its encoding holds the vectors it was made from, to quantisation")
    func encodingRoundTrips() throws {
        var rng = SplitMix64(seed: 5)
        let vectors = (0 ..< 20).map { _ in Synthetic.unitVector(224, &rng) }
        let panel = try BackgroundPanel(name: "t", embedder: "layout-v1", origin: "test", vectors: vectors)
        let read = try BackgroundPanel(name: "t", embedder: "layout-v1", origin: "test", encoded: panel.encoded)

        #expect(read.count == 20)
        #expect(read.digest == panel.digest)
        for (row, vector) in vectors.enumerated() {
            let stats = read.background(of: vector, leavingOut: 0, prior: BackgroundStatistics(mean: 0, spread: 0, weight: 0))
            #expect(stats.weight == 20)
            // Its own row is the one similarity near 1: leaving out the nearest one removes it.
            let without = read.background(of: vector, leavingOut: 1, prior: BackgroundStatistics(mean: 0, spread: 0, weight: 0))
            #expect(stats.mean * 20 - without.mean * 19 > 0.99, "row \(row)")
        }
    }

    @Test("bytes that are not a panel are refused")
    func malformedBytesAreRefused() {
        #expect(throws: BackgroundPanelError.malformed) {
            try BackgroundPanel(name: "t", embedder: "e", origin: "", encoded: Data("PALPANEL1\u{1}\u{0}\u{5}\u{0}\u{0}\u{0}".utf8))
        }
        #expect(throws: BackgroundPanelError.malformed) {
            try BackgroundPanel(name: "t", embedder: "e", origin: "", encoded: Data("not a panel at all".utf8))
        }
    }

    @Test("the shipped panel holds a thousand layout vectors and is what the default configuration names")
    func shippedPanelIsTheDefault() throws {
        let panel = BackgroundPanels.standard
        #expect(panel.count >= 1000)
        #expect(panel.dimension == ImageAnalyzer().fingerprinter.embedder.dimension)
        #expect(panel.embedder == ImageAnalyzer().fingerprinter.embedder.identifier)
        let background = MatchingConfiguration().retrieval.embeddingBackground
        #expect(background.source == .panel)
        #expect(try background.resolvedPanel()?.digest == panel.digest)
    }

    @Test("a configuration naming a panel this build lacks, or other vectors under its name, is refused")
    func unknownPanelsAreRefused() {
        var configuration = MatchingConfiguration()
        configuration.retrieval.embeddingBackground = EmbeddingBackground(source: .panel, panel: "nosuch", panelDigest: nil)
        #expect(throws: PanelBackgroundError.self) { try configuration.validate() }
        configuration.retrieval.embeddingBackground.panel = BackgroundPanels.standard.name
        configuration.retrieval.embeddingBackground.panelDigest = String(repeating: "0", count: 64)
        #expect(throws: PanelBackgroundError.otherContents("embedding background panel", BackgroundPanels.standard.name)) { try configuration.validate() }
    }

    @Test("a run recorded before panels existed is read as normalised against its corpus")
    func matchingV1RecordsReadAsCorpusBackground() throws {
        var object = try #require(JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(MatchingConfiguration())) as? [String: Any])
        var retrieval = try #require(object["retrieval"] as? [String: Any])
        retrieval["embedding_background"] = nil
        retrieval["background_leaves_out"] = nil
        object["retrieval"] = retrieval
        object["version"] = "matching-v1"
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)

        let recorded = try #require(MatchingConfiguration.recorded(json))
        #expect(recorded.retrieval.embeddingBackground == .corpus)
        #expect(recorded.retrieval.backgroundLeavesOut == 3)
    }

    /// The z and score of a re-encoded copy of nasa-04 against nasa-04, in a corpus of the
    /// sample references and, when `distractors` is more than zero, that many unrelated pictures.
    static func copyReading(distractors: Int, background: EmbeddingBackground) throws -> (z: Float, score: Double) {
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        var paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        var rng = SplitMix64(seed: 11)
        for i in 0 ..< distractors {
            let url = work.appendingPathComponent("distractor-\(i).jpg")
            try Data(JPEGEncoder.encode(Self.unrelatedPicture(&rng), quality: 90)).write(to: url)
            paths.append(url.path)
        }
        let copy = work.appendingPathComponent("copy.jpg")
        try RasterTransforms.writeRescaledSample("nasa-04.jpg", scale: 0.75, quality: 70, to: copy)
        let ledger = try Ledger()
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: paths, commandLine: "test")
        var configuration = MatchingConfiguration()
        configuration.retrieval.embeddingBackground = background
        let analyzer = ImageAnalyzer()
        let matcher = try QueryMatcher(ledger: ledger, corpora: ["refs"], analyzer: analyzer, configuration: configuration)
        let best = try #require(matcher.match(try analyzer.analyze(path: copy.path), top: 3).candidates.first)
        #expect(best.referencePath.hasSuffix("nasa-04.jpg"))
        return (try #require(best.matchSignals?.embeddingZ), best.score)
    }

    /// Blobs of colour on a gradient: a picture that copies nothing in the sample corpus.
    static func unrelatedPicture(_ rng: inout SplitMix64) -> Raster {
        let width = 320, height = 240
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        let base = (0 ..< 3).map { _ in Double(rng.next() % 200) }
        let blobs = (0 ..< 6).map { _ in (x: Double(rng.next() % 320), y: Double(rng.next() % 240), r: Double(20 + rng.next() % 60),
                                          c: UInt8(rng.next() % 256)) }
        for y in 0 ..< height {
            for x in 0 ..< width {
                let i = (y * width + x) * 3
                for c in 0 ..< 3 { bytes[i + c] = UInt8(min(255, base[c] + Double(x + y) * 0.1)) }
                for blob in blobs where (Double(x) - blob.x) * (Double(x) - blob.x) + (Double(y) - blob.y) * (Double(y) - blob.y) < blob.r * blob.r {
                    bytes[i] = blob.c
                    bytes[i + 1] = 255 &- blob.c
                }
            }
        }
        return Raster(width: width, height: height, bytes: bytes)
    }

    @Test("adding unrelated references to the corpus does not move a pair's embedding z or score")
    func scoresDoNotMoveWithTheCorpus() throws {
        let alone = try Self.copyReading(distractors: 0, background: .panel(BackgroundPanels.standard))
        let among = try Self.copyReading(distractors: 24, background: .panel(BackgroundPanels.standard))

        #expect(alone.z == among.z)
        #expect(alone.score == among.score)
    }

    @Test("measured against the corpus, as matching-v1 did, the same pair's z moves when unrelated references are added")
    func corpusBackgroundMoves() throws {
        let alone = try Self.copyReading(distractors: 0, background: .corpus)
        let among = try Self.copyReading(distractors: 24, background: .corpus)

        #expect(abs(alone.z - among.z) > 0.1, "z \(alone.z) alone, \(among.z) among distractors")
    }
}
