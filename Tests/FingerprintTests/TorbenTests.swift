@testable import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("Torben selection")
struct TorbenTests {
    @Test("every rank of values with repeats is the value at that place in sorted order")
    func everyRankMatchesSortedOrder() {
        var rng = SplitMix64(seed: 17)
        for count in [1, 2, 3, 8, 31, 256] {
            // Few distinct levels, so many values repeat, plus a spread of fractions.
            let values = (0 ..< count).map { _ in Float(Int.random(in: 0 ..< 6, using: &rng)) / 4 + (Bool.random(using: &rng) ? 0 : 0.001) }
            let sorted = values.sorted()
            values.withUnsafeBufferPointer { buffer in
                for rank in 1 ... count {
                    #expect(Torben.smallest(rank, of: buffer) == sorted[rank - 1], "rank \(rank) of \(count)")
                }
            }
        }
    }

    @Test("the median is the lower median: the (n + 1) / 2-th smallest")
    func medianIsLowerMedian() {
        let values: [Float] = [4, 1, 3, 2]
        #expect(values.withUnsafeBufferPointer { Torben.median($0) } == 2)
        let odd: [Float] = [5, 1, 4, 2, 3]
        #expect(odd.withUnsafeBufferPointer { Torben.median($0) } == 3)
    }
}
