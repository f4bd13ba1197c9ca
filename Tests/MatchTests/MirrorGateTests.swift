import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex
@testable import PalimpsestMatch
import PalimpsestTestSupport
import Testing

@Suite("Matching a query's mirror image only where a mirror is likely")
struct MirrorGateTests {
    static func signals(pdq transform: Dihedral, distance: Int) -> Signals {
        var s = Signals()
        s.pdqTransform = transform
        s.pdqDistance = distance
        return s
    }

    @Test("a mirror is likely when the reference's votes came from the query's mirror image")
    func mirroredVotesMakeAMirrorLikely() {
        #expect(CandidateVerifier.mirrorIsLikely(Self.signals(pdq: .original, distance: 120), votedMirrored: true, within: 64))
        #expect(!CandidateVerifier.mirrorIsLikely(Self.signals(pdq: .original, distance: 120), votedMirrored: false, within: 64))
    }

    @Test("a mirror is likely when PDQ finds the pair close under a mirroring transform, not when far")
    func closeMirroredPDQMakesAMirrorLikely() {
        #expect(CandidateVerifier.mirrorIsLikely(Self.signals(pdq: .flipX, distance: 12), votedMirrored: false, within: 64))
        #expect(CandidateVerifier.mirrorIsLikely(Self.signals(pdq: .flipMinus1, distance: 64), votedMirrored: false, within: 64))
        #expect(!CandidateVerifier.mirrorIsLikely(Self.signals(pdq: .flipY, distance: 110), votedMirrored: false, within: 64))
        #expect(!CandidateVerifier.mirrorIsLikely(Self.signals(pdq: .rotate90, distance: 12), votedMirrored: false, within: 64))
    }

    @Test("the four flips mirror, the four rotations do not")
    func flipsMirror() {
        #expect(Dihedral.allCases.filter(\.mirrors) == [.flipX, .flipY, .flipPlus1, .flipMinus1])
    }

    @Test("a flipped crop wins its votes mirrored, a plain crop directly")
    func votesSayWhetherTheyAreMirrored() throws {
        // Given the six sample references
        var index = LocalFeatureIndex()
        let rasters = try Fixtures.sampleReferences.map { try RasterTransforms.sample($0) }
        for raster in rasters { index.add(LocalFeatureExtractor().extract(raster)) }
        let source = rasters[0]
        let crop = RasterTransforms.cropped(source, x: source.width / 4, y: source.height / 4, width: source.width / 2,
                                            height: source.height * 2 / 3)
        // When a crop and its mirror image are searched
        let plain = index.search(LocalFeatureExtractor().extract(crop), limit: 1, decisiveVotes: .infinity).first
        let flipped = index.search(LocalFeatureExtractor().extract(RasterTransforms.mirrored(crop)), limit: 1).first
        // Then both find the source, the flipped one by its mirror image
        #expect(plain?.position == 0 && plain?.mirrored == false)
        #expect(flipped?.position == 0 && flipped?.mirrored == true)
    }

    @Test("without a likely mirror, a flipped copy is not matched mirrored; with one, it is")
    func theGateDecidesTheMirroredAttempt() throws {
        let reference = try RasterTransforms.sample("nasa-00.jpg")
        let query = LocalFeatureExtractor().extract(RasterTransforms.mirrored(reference))
        let features = LocalFeatureExtractor().extract(reference)
        let verifier = GeometricVerifier()
        #expect(verifier.verify(query: query, mirrored: nil, reference: features, mirrorLikely: true)?.mirrored == true)
        #expect(verifier.verify(query: query, mirrored: nil, reference: features, mirrorLikely: false)?.mirrored != true)
    }
}
