import Foundation
@testable import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("SIFT descriptor window")
struct SIFTWindowTests {
    @Test("the columns found beforehand hold every offset whose bin lies inside, at any turn")
    func columnsHoldEveryInsideOffset() {
        var rng = SplitMix64(seed: 5)
        let bins = SIFTDescriptor.cells
        for trial in 0 ..< 2000 {
            // Turns near the axes make slopes near zero, where rounding matters most.
            let angle = trial % 4 == 0 ? Float(trial / 4 % 4) * .pi / 2 + Float.random(in: -1e-6 ... 1e-6, using: &rng)
                                        : Float.random(in: 0 ..< 2 * .pi, using: &rng)
            let cellWidth = 3 * Float.random(in: 0.8 ... 8, using: &rng)
            let cosine = Float(cos(Double(angle))) / cellWidth, sine = Float(sin(Double(angle))) / cellWidth
            let half = Float(bins) / 2 - 0.5
            let fi = Float(Int.random(in: -60 ... 60, using: &rng))
            let across = SIFTDescriptor.inside(offset: fi * sine + half, slope: cosine, bins: bins)
            let along = SIFTDescriptor.inside(offset: fi * cosine + half, slope: -sine, bins: bins)
            for j in -200 ... 200 {
                let fj = Float(j)
                let cbin = fj * cosine + fi * sine + half
                let rbin = fi * cosine - fj * sine + half
                guard rbin > -1, rbin < Float(bins), cbin > -1, cbin < Float(bins) else { continue }
                #expect(across.contains(j) && along.contains(j), "angle \(angle), row \(fi), column \(j)")
            }
        }
    }
}
