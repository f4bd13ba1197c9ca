@testable import PalimpsestIndex
import Testing

@Suite("Bit-sliced codes")
struct BitSlicedCodesTests {
    /// Codes from a fixed-seed generator, some of them near the first so that every distance
    /// from 0 to 128 occurs.
    static func codes(_ count: Int) -> [(low: UInt64, high: UInt64)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let base = (next(), next())
        return (0 ..< count).map { i in
            let flips = i % 129
            let low = flips >= 64 ? ~0 : (UInt64(1) << UInt64(flips)) &- 1
            let high = flips <= 64 ? 0 : (UInt64(1) << UInt64(flips - 64)) &- 1
            return i % 3 == 0 ? (base.0 ^ low, base.1 ^ high) : (next(), next())
        }
    }

    static func distance(_ a: (low: UInt64, high: UInt64), _ b: (low: UInt64, high: UInt64)) -> Int {
        (a.low ^ b.low).nonzeroBitCount + (a.high ^ b.high).nonzeroBitCount
    }

    @Test("each query code finds exactly the stored codes below its bound, in stored order", arguments: [38, 64, 70, 129])
    func findsExactlyTheCodesBelowTheBound(_ bound: Int) {
        // Given 600 stored codes (three groups, the last part filled) and five query codes
        let stored = Self.codes(600)
        var codes = BitSlicedCodes()
        for code in stored { codes.append(low: code.low, high: code.high) }
        let queries = Array(Self.codes(605).suffix(5)) + [stored[0]]
        let selections = queries.flatMap { BitSlicedCodes.selection(low: $0.low, high: $0.high) }
        // When every group is searched
        var found = [[Int]](repeating: [], count: queries.count)
        selections.withUnsafeBufferPointer { selections in
            for group in 0 ..< codes.groupCount {
                codes.codes(in: group, selections: selections, bounds: [Int32](repeating: Int32(bound), count: queries.count)) { k, i in
                    found[k].append(i)
                }
            }
        }
        // Then each query finds the codes a direct count puts below the bound, and no others
        for (k, query) in queries.enumerated() {
            let expected = stored.indices.filter { Self.distance(stored[$0], query) < bound }
            #expect(found[k] == expected)
        }
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
