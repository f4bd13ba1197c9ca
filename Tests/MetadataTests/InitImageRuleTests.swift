import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

/// Metadata as evidence: an init image hash equal to a reference's pixel MD5 is decisive.
@Suite("init image hash rule", .serialized)
struct InitImageRuleTests {
    @Test("a matching init image hash grades derivative with score 1 whatever the visual signals say")
    func scorerForcesDerivative() {
        // Given: signals of two unrelated images, plus the hash match.
        var s = Signals()
        s.pdqDistance = 128
        s.pdqQuality = 100
        s.phashDistance = 32
        s.initImageHashMatch = true
        let scorer = Scorer()

        // Then
        #expect(scorer.score(s) == 1)
        #expect(scorer.grade(s, score: scorer.score(s)) == .derivative)
    }

    @Test("identical pixels stay exact even when the init image hash matches")
    func exactStaysExact() {
        var s = Signals()
        s.samePixels = true
        s.initImageHashMatch = true
        #expect(Scorer().grade(s, score: 1) == .exact)
    }

    @Test("the reference pixel MD5 is the MD5 of Pillow's tobytes() in RGB and RGBA")
    func pixelMD5KnownAnswer() throws {
        // The digests make_fixtures.py prints: hashlib.md5(im.tobytes()) and of im.convert("RGBA").
        let digest = try #require(PixelMD5Hasher.digest(fileBytes: try MetadataFixture.bytes("init-reference.png"), decode: DecodeOptions()))
        #expect(digest.rgb == "5e4b4a12a6e7eb7fd9521b669099161a")
        #expect(digest.rgba == "157ac558b6db3f52a6f3fd3912c30073")
    }

    @Test("images above 16 megapixels are not hashed")
    func largeImagesSkipped() throws {
        // Given: a PNG whose header declares 100000 × 100000 pixels, under a generous decode limit.
        let bytes = try Fixtures.bytes("decode/png/huge-dimensions.png")
        let options = DecodeOptions(maxPixels: Int.max)

        // Then: refused from the header, before any decoding.
        #expect(PixelMD5Hasher.digest(fileBytes: bytes, decode: options) == nil)
    }

    @Test("a scan grades the reference named by the init image hash derivative", arguments: ["a1111-img2img.png", "a1111-img2img-rgba.png"])
    func scanGradesNamedReference(query: String) throws {
        // Given: a corpus holding the init image and two unrelated pictures, and a query of random
        // pixels whose parameters name the init image.
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let ledger = try Ledger()
        let corpusPaths = ["init-reference.png", "a1111-txt2img.png", "comfyui-txt2img.png"].map { Fixtures.url("metadata/\($0)").path }
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .training, paths: corpusPaths, commandLine: "test")
        var options = ScanOptions(corpora: ["refs"])
        options.reportDirectory = work.path

        // When
        let outcome = try ScanJob(ledger: ledger, jobs: 1).run(paths: [Fixtures.url("metadata/\(query)").path], options: options,
                                                               commandLine: "test")

        // Then: the named reference is the best match, derivative, with the evidence recorded.
        let best = try #require(outcome.report.findings.first?.matches.first)
        #expect(best.reference.path.hasSuffix("init-reference.png"))
        #expect(best.grade == "derivative")
        #expect(best.score == 1)
        #expect(best.signals.initImageHashMatch == true)
        #expect(best.signals.imageToImageClaim?.hasPrefix("confirmed: Automatic1111 parameters name an init image") == true)
        let others = outcome.report.findings.first?.matches.dropFirst() ?? []
        #expect(others.allSatisfy { $0.signals.initImageHashMatch == nil && $0.grade == "none" })
    }

    @Test("a named reference the matcher did not propose is added with its hash signals")
    func missingCandidateAdded() throws {
        // Given: the reference set and the query, and no candidates from the matcher.
        let ledger = try Ledger()
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .training,
                                                           paths: [Fixtures.url("metadata/init-reference.png").path],
                                                           commandLine: "test")
        let references = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        let query = try ImageAnalyzer().analyze(path: Fixtures.url("metadata/a1111-img2img.png").path)

        // When
        let matcher = references.matcher(scorer: Scorer())
        let candidates = try InitImageEvidence(ledger: ledger, shards: [references]).apply(to: [], query: query, scorer: matcher.scorer, limit: 5) {
            matcher.hashSignals(for: query.facts.fingerprints, at: $0, details: references.details(at: $0))
        }

        // Then
        #expect(candidates.count == 1)
        #expect(candidates.first?.grade == .derivative)
        #expect(candidates.first?.signals.pdqDistance != nil)
    }

    @Test("corpus add fills in the pixel MD5 of an image the ledger first saw as a query")
    func backfill() throws {
        // Given: the reference recorded by a scan (as a query, without a pixel MD5).
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let ledger = try Ledger()
        let reference = Fixtures.url("metadata/init-reference.png").path
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "other", kind: .training,
                                                           paths: [Fixtures.url("metadata/novelai.png").path], commandLine: "test")
        var options = ScanOptions(corpora: ["other"])
        options.reportDirectory = work.path
        _ = try ScanJob(ledger: ledger, jobs: 1).run(paths: [reference], options: options, commandLine: "test")
        #expect(try ledger.imageIDs(withPixelMD5: "5e4b4a12a6e7eb7fd9521b669099161a").isEmpty)

        // When
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .training, paths: [reference], commandLine: "test")

        // Then
        #expect(try ledger.imageIDs(withPixelMD5: "5E4B4A12A6E7EB7FD9521B669099161A").count == 1)
    }
}
