@testable import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("Quickselect")
struct QuickSelectTests {
    @Test("every index of values with repeats holds the value sorting puts there")
    func everyIndexMatchesSortedOrder() {
        var rng = SplitMix64(seed: 23)
        for count in [1, 2, 3, 8, 31, 256] {
            // Few distinct levels, so many values repeat, plus a spread of fractions.
            let values = (0 ..< count).map { _ in Float(Int.random(in: 0 ..< 6, using: &rng)) / 4 + (Bool.random(using: &rng) ? 0 : 0.001) }
            let sorted = values.sorted()
            for k in 0 ..< count {
                var scratch = values
                let found = scratch.withUnsafeMutableBufferPointer { QuickSelect.element(at: k, of: $0) }
                #expect(found == sorted[k], "index \(k) of \(count)")
            }
        }
    }
}
