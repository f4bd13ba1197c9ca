import PalimpsestFingerprint
@testable import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("Nearest stored codes")
struct NearestCodesTests {
    /// What a linear scan of every stored code, in stored order, finds for one query code
    /// among the codes closer than `cutoff`.
    static func scanned(_ index: LocalFeatureIndex, low: UInt64, high: UInt64, cutoff: Int) -> LocalFeatureIndex.Nearest {
        var s = LocalFeatureIndex.Nearest()
        for i in index.lows.indices {
            let d = (index.lows[i] ^ low).nonzeroBitCount + (index.highs[i] ^ high).nonzeroBitCount
            guard d < cutoff, d < s.otherDistance else { continue }
            let firstOwner = s.first >= 0 ? index.owners[s.first] : -1
            if d < s.distance {
                if index.owners[i] != firstOwner { s.otherDistance = s.distance }
                (s.distance, s.first) = (d, i)
            } else if index.owners[i] != firstOwner {
                s.otherDistance = d
            }
        }
        return s
    }

    @Test("each query keypoint's nearest codes are those a linear scan finds below the cutoff", arguments: [38, 64, 129])
    func nearestCodesMatchALinearScan(_ cutoff: Int) throws {
        // Given the six sample references (several groups of 256 codes, the last part filled)
        // and the keypoints of an unrelated picture and of a crop of a reference
        var index = LocalFeatureIndex()
        for name in Fixtures.sampleReferences { index.add(LocalFeatureExtractor().extract(try RasterTransforms.sample(name))) }
        let reference = try RasterTransforms.sample(Fixtures.sampleReferences[1])
        var query = LocalFeatureExtractor().extract(try RasterTransforms.sample("birds-12.png"))
        let crop = LocalFeatureExtractor().extract(RasterTransforms.cropped(reference, x: 10, y: 10, width: reference.width / 2,
                                                                           height: reference.height / 2))
        query.keypoints += crop.keypoints
        query.descriptors += crop.descriptors
        // When their nearest codes are found group by group
        let found = index.nearestCodes(of: query, cutoff: cutoff)
        // Then every keypoint's are a linear scan's
        var agree = true
        query.descriptors.withUnsafeBufferPointer { bytes in
            for k in 0 ..< query.count {
                let code = LocalFeatureIndex.code(bytes.baseAddress! + k * LocalFeatures.descriptorLength)
                let expected = Self.scanned(index, low: code.x, high: code.y, cutoff: cutoff)
                agree = agree && found[k].first == expected.first && found[k].distance == expected.distance
                    && found[k].otherDistance == expected.otherDistance
            }
        }
        #expect(index.codeCount > 3 * BitSlicedCodes.groupSize)
        #expect(found.contains { $0.first >= 0 })
        #expect(agree)
    }

    @Test("the search cutoff is the least distance at which a stored code can change no vote")
    func cutoffIsTheLeastDistanceThatChangesNoVote() {
        // A vote needs its nearest code within maxDistance and below ratio × the other
        // reference's nearest: a code at the cutoff fails the first and never blocks the second.
        for (ratio, maxDistance) in [(Float(0.85), 32), (1, 32), (0.5, 20), (0.85, 0)] {
            let cutoff = LocalFeatureIndex.cutoff(ratio: ratio, maxDistance: maxDistance)
            #expect(cutoff > maxDistance)
            #expect(ratio * Float(cutoff) > Float(maxDistance))
            #expect(cutoff - 1 <= maxDistance || ratio * Float(cutoff - 1) <= Float(maxDistance))
        }
        #expect(LocalFeatureIndex.cutoff(ratio: 0.85, maxDistance: 32) == 38)
    }
}
