import Foundation
import Palimpsest
import PalimpsestFingerprint
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// How a query is matched: pasted parts are found even when the reference has almost no local
/// features; a copy is found without describing its parts or verifying weak candidates.
@Suite("Matching queries: pasted parts and copies", .serialized)
struct QueryMatchingTests {
    /// A smooth wallpaper-like picture: two colour gradients split by a gentle curve.
    static func wallpaper(width: Int = 640, height: Int = 360) -> Raster {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0 ..< height {
            for x in 0 ..< width {
                let fx = Double(x) / Double(width), fy = Double(y) / Double(height)
                let below = fy > 0.45 + 0.15 * sin(fx * 3.2)
                let i = (y * width + x) * 3
                bytes[i] = UInt8(below ? 40 + 60 * fx : 150 + 90 * fy)
                bytes[i + 1] = UInt8(below ? 90 + 50 * fy : 40 + 30 * fx)
                bytes[i + 2] = UInt8(below ? 170 + 60 * fy : 90 + 40 * fx)
            }
        }
        return Raster(width: width, height: height, bytes: bytes)
    }

    @Test("a smooth picture pasted whole into a page is graded partial against it")
    func smoothPictureFoundInsidePage() throws {
        // Given: a corpus of the wallpaper and a few sample photos, and a query with the
        // wallpaper reduced to 300×170 pasted into a plain light page.
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let reference = work.appendingPathComponent("wallpaper.jpg")
        try Data(JPEGEncoder.encode(Self.wallpaper(), quality: 92)).write(to: reference)
        let patch = RasterTransforms.resized(Self.wallpaper(), width: 300, height: 170)
        let query = RasterTransforms.pasted(patch, into: Raster(width: 720, height: 360, filledWith: (236, 232, 224)), x: 220, y: 90)
        let pasted = PixelRect(x: 220, y: 90, width: 300, height: 170)
        #expect(RegionProposer().propose(in: query).contains { $0.overlap(pasted) > 0.8 }, "\(RegionProposer().propose(in: query))")
        let queryURL = work.appendingPathComponent("query.jpg")
        try Data(JPEGEncoder.encode(query, quality: 90)).write(to: queryURL)
        let others = Fixtures.sampleReferences.map(Fixtures.samplePath)
        let ledger = try Ledger()
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: [reference.path] + others,
                                                           commandLine: "test")
        var options = ScanOptions(corpora: ["refs"])
        options.reportDirectory = work.path

        // When
        let outcome = try ScanJob(ledger: ledger, jobs: 1).run(paths: [queryURL.path], options: options, commandLine: "test")

        // Then: the wallpaper is the best match, graded partial, its region inside the pasted box.
        let best = try #require(outcome.report.findings.first?.matches.first)
        #expect(best.reference.path.hasSuffix("wallpaper.jpg"))
        #expect(best.grade == "partial")
        let region = try #require(best.signals.geometry?.queryRegion)
        #expect(region[0] >= 0.28 && region[2] <= 0.76 && region[1] >= 0.22 && region[3] <= 0.76, "region \(region)")
    }

    @Test("a copy is not searched for pasted parts, though its picture has a pasted-looking box")
    func copiesSkipPastedParts() throws {
        // Given: the page with the wallpaper pasted in, itself a reference, and its box visible
        // to the proposer.
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let page = RasterTransforms.pasted(RasterTransforms.resized(Self.wallpaper(), width: 300, height: 170),
                                           into: Raster(width: 720, height: 360, filledWith: (236, 232, 224)), x: 220, y: 90)
        #expect(!RegionProposer().propose(in: page).isEmpty)
        let reference = work.appendingPathComponent("page.jpg"), copy = work.appendingPathComponent("copy.jpg")
        try Data(JPEGEncoder.encode(page, quality: 95)).write(to: reference)
        try Data(JPEGEncoder.encode(page, quality: 75)).write(to: copy)
        let ledger = try Ledger()
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: [reference.path],
                                                           commandLine: "test")
        let analyzer = ImageAnalyzer()
        let references = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: analyzer.fingerprinter.embedder)
        let matcher = try QueryMatcher(ledger: ledger, references: references, configuration: MatchingConfiguration(), analyzer: analyzer)

        // When its re-encoded copy is matched
        let matched = matcher.match(try analyzer.analyze(path: copy.path), top: 3)

        // Then it is a near-duplicate, found without describing the box
        #expect(matched.candidates.first?.grade == .nearDuplicate)
        #expect(matched.pastedParts.isEmpty)
        #expect(!matched.times.stages.contains { $0.name == "pasted-parts" })
    }

    @Test("once a copy is verified, candidates with low preliminary scores are left unverified")
    func lowCandidatesBesideACopyStayUnverified() throws {
        // Given: the sample corpus and a re-encoded, slightly smaller copy of one of its photos
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        let copy = work.appendingPathComponent("copy.jpg")
        try RasterTransforms.writeRescaledSample("nasa-04.jpg", scale: 0.8, quality: 80, to: copy)
        let ledger = try Ledger()
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: paths, commandLine: "test")
        let analyzer = ImageAnalyzer()
        let references = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: analyzer.fingerprinter.embedder)
        let matcher = try QueryMatcher(ledger: ledger, references: references, configuration: MatchingConfiguration(), analyzer: analyzer)

        // When
        let candidates = matcher.match(try analyzer.analyze(path: copy.path), top: 6).candidates

        // Then: the copy is verified; the others, scored low on hashes alone, are not
        #expect(candidates.first?.referencePath.hasSuffix("nasa-04.jpg") == true)
        #expect(candidates.first?.grade == .nearDuplicate)
        #expect(candidates.first?.matchSignals?.alignment != nil)
        let others = candidates.dropFirst()
        #expect(!others.isEmpty)
        #expect(others.allSatisfy { $0.score < MatchingConfiguration().retrieval.verifiedBesideCopy && $0.matchSignals?.alignment == nil })
    }
}
