import Foundation
import Palimpsest
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// A query matched again with its pasted-looking parts' features appended keeps the
/// verifications those features do not bear on, and verifies again the references they vote for.
@Suite("Matching again with more features: the verification memo", .serialized)
struct VerificationMemoTests {
    /// Positions whose views were asked for, per call.
    final class Visits: @unchecked Sendable {
        var positions: [Int] = []
    }

    @Test("only the references the new features vote for are verified again; the others keep their verification")
    func newFeaturesReverifyOnlyWhatTheyVoteFor() throws {
        // Given: the sample photos as references, and an unrelated picture matched once with its
        // own features (every reference is verified: none is a copy)
        let ledger = try Ledger()
        let paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: paths, commandLine: "test")
        let analyzer = ImageAnalyzer()
        let references = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: analyzer.fingerprinter.embedder)
        let matcher = references.matcher(scorer: Scorer())
        let query = try analyzer.analyze(path: Fixtures.samplePath("birds-12.png"))
        let whole = try #require(query.features)
        var views: [Int: VerificationView] = [:]
        for (position, reference) in references.references.enumerated() {
            views[position] = VerificationView(raster: try ImageDecoder().decode(contentsOf: reference.path).raster,
                                               features: references.features(at: position))
        }
        var memo = Matcher.Memo()
        func match(_ features: LocalFeatures, _ visits: Visits) -> [Candidate] {
            matcher.candidates(for: query.facts.fingerprints, view: VerificationView(raster: query.raster, features: features),
                               limit: Fixtures.sampleReferences.count, details: { references.details(at: $0) },
                               referenceView: { visits.positions.append($0); return views[$0] }, memo: &memo)
        }
        let first = Visits(), again = Visits()
        let before = match(whole, first)
        #expect(Set(first.positions) == Set(0 ..< Fixtures.sampleReferences.count))

        // When: a part of one reference, described on its own, is appended as a pasted part's
        // features would be, and the query is matched again with the memo
        let target = try #require(references.references.firstIndex { $0.path.hasSuffix("art4apps-22.jpg") })
        let source = try #require(views[target]?.raster)
        let part = LocalFeatureExtractor().extract(RasterTransforms.cropped(source, x: 0, y: 0, width: source.width / 2, height: source.height / 2))
        var extended = whole
        extended.keypoints += part.keypoints
        extended.descriptors += part.descriptors
        let after = match(extended, again)

        // Then: the references verified again are exactly those that gained votes, the part's
        // source among them, and every other keeps its earlier geometry and measures
        let votes = { (candidates: [Candidate], position: Int) in candidates.first { $0.position == position }?.signals.votes ?? 0 }
        let gained = Set((0 ..< Fixtures.sampleReferences.count).filter { votes(after, $0) > votes(before, $0) })
        #expect(gained.contains(target))
        #expect(Set(again.positions) == gained)
        #expect(again.positions.count < first.positions.count)
        for candidate in after where !gained.contains(candidate.position) {
            let earlier = try #require(before.first { $0.position == candidate.position })
            #expect(candidate.signals.geometry == earlier.signals.geometry)
            #expect(candidate.signals.alignment == earlier.signals.alignment)
        }
        #expect(after.first?.position == target)
    }
}
