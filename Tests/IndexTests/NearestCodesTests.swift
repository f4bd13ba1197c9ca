import CPalimpsestKernels
import PalimpsestFingerprint
@testable import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("Nearest stored codes")
struct NearestCodesTests {
    /// What a linear scan of every stored code, in stored order, finds for one query code
    /// among the codes closer than `cutoff` and, when `screened`, only among those that pass
    /// the screen of their group of 256 (see `pal_sliced_screen_bound`).
    static func scanned(_ index: LocalFeatureIndex, low: UInt64, high: UInt64, cutoff: Int, screened: Bool) -> LocalFeatureIndex.Nearest {
        var s = LocalFeatureIndex.Nearest()
        var screen = 128
        for i in index.lows.indices {
            if screened, i % BitSlicedCodes.groupSize == 0 {
                screen = Int(pal_sliced_screen_bound(Int32(min(s.otherDistance, cutoff))))
            }
            let partial = ((index.lows[i] ^ low) & screeningBits.low).nonzeroBitCount
                + ((index.highs[i] ^ high) & screeningBits.high).nonzeroBitCount
            let d = (index.lows[i] ^ low).nonzeroBitCount + (index.highs[i] ^ high).nonzeroBitCount
            guard partial <= screen, d < cutoff, d < s.otherDistance else { continue }
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

    /// The screening bits of a code, bits 0–63 in `low`.
    static let screeningBits: (low: UInt64, high: UInt64) = (0 ..< 128).reduce(into: (UInt64(0), UInt64(0))) { bits, b in
        guard pal_sliced_screens(Int32(b)) != 0 else { return }
        if b < 64 { bits.0 |= 1 << UInt64(b) } else { bits.1 |= 1 << UInt64(b - 64) }
    }

    /// The sample references indexed, and the keypoints of an unrelated picture followed by
    /// those of a crop of a reference, with their codes.
    static func sampleSearch() throws -> (index: LocalFeatureIndex, query: LocalFeatures, codes: [SIMD2<UInt64>]) {
        var index = LocalFeatureIndex()
        for name in Fixtures.sampleReferences { index.add(LocalFeatureExtractor().extract(try RasterTransforms.sample(name))) }
        let reference = try RasterTransforms.sample(Fixtures.sampleReferences[1])
        var query = LocalFeatureExtractor().extract(try RasterTransforms.sample("birds-12.png"))
        let crop = LocalFeatureExtractor().extract(RasterTransforms.cropped(reference, x: 10, y: 10, width: reference.width / 2,
                                                                           height: reference.height / 2))
        query.keypoints += crop.keypoints
        query.descriptors += crop.descriptors
        let codes = query.descriptors.withUnsafeBufferPointer { bytes in
            (0 ..< query.count).map { LocalFeatureIndex.code(bytes.baseAddress! + $0 * LocalFeatures.descriptorLength) }
        }
        return (index, query, codes)
    }

    @Test("half the bits screen: four orientation bins of every cell, eight cells of every bin")
    func screeningBitsSpreadOverCellsAndBins() {
        let screening = (0 ..< 128).filter { pal_sliced_screens(Int32($0)) != 0 }
        #expect(screening.count == 64)
        for cell in 0 ..< 16 { #expect(screening.filter { $0 / 8 == cell }.count == 4) }
        for bin in 0 ..< 8 { #expect(screening.filter { $0 % 8 == bin }.count == 8) }
    }

    @Test("each query keypoint's nearest codes are those a linear scan of the screened codes finds below the cutoff",
          arguments: [38, 64, 129])
    func nearestCodesMatchAScreenedLinearScan(_ cutoff: Int) throws {
        // Given the six sample references (several groups of 256 codes, the last part filled)
        // and the keypoints of an unrelated picture and of a crop of a reference
        let (index, query, codes) = try Self.sampleSearch()
        // When their nearest codes are found group by group
        let found = index.nearestCodes(of: query, cutoff: cutoff)
        // Then every keypoint's are a linear scan's over the codes that pass the screen
        let agree = codes.indices.allSatisfy { k in
            let expected = Self.scanned(index, low: codes[k].x, high: codes[k].y, cutoff: cutoff, screened: true)
            return found[k].first == expected.first && found[k].distance == expected.distance
                && found[k].otherDistance == expected.otherDistance
        }
        #expect(index.codeCount > 3 * BitSlicedCodes.groupSize)
        #expect(found.contains { $0.first >= 0 })
        #expect(agree)
    }

    @Test("the screen keeps nearly every nearest code close enough to vote")
    func screenKeepsTheNearestCodesThatVote() throws {
        // Given the sample references and the keypoints of a crop of one, among others
        let (index, query, codes) = try Self.sampleSearch()
        // When their nearest codes are found with the screen
        let found = index.nearestCodes(of: query, cutoff: 38)
        // Then of the keypoints whose nearest code (by a full scan) is within 32 bits, the
        // distance a vote may have, at least 98% find it
        let exact = codes.map { Self.scanned(index, low: $0.x, high: $0.y, cutoff: 38, screened: false) }
        let voting = exact.indices.filter { exact[$0].distance <= 32 }
        let kept = voting.filter { found[$0].first == exact[$0].first && found[$0].distance == exact[$0].distance }
        #expect(voting.count >= 100)
        #expect(Double(kept.count) >= 0.98 * Double(voting.count), "kept \(kept.count) of \(voting.count)")
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
