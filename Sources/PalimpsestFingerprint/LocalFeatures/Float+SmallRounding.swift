import PalimpsestCore

// Rounding of small values without the C library.
//
// On x86-64 processors older than SSE4.1 (and so in a build for the baseline x86-64, which
// Palimpsest is, to run everywhere), `rounded(_:)` is a call into libm per value, per lane of
// a vector. These give the same results for the magnitudes pixel loops meet, with plain
// arithmetic that every processor vectorises.

extension Float {
    /// `rounded()` (to nearest, halfway cases away from zero) for values of magnitude below
    /// 2³¹: the truncated value corrected by the remainder, which is exact.
    @inline(__always)
    var roundedSmall: Int {
        let truncated = Int32(self)
        let remainder = self - Float(truncated)
        return Int(truncated) + (remainder >= 0.5 ? 1 : 0) - (remainder <= -0.5 ? 1 : 0)
    }

    /// `rounded(.down)` for values of magnitude below 2²², up to the sign of a zero result.
    @inline(__always)
    var roundedDownSmall: Float {
        // Adding and subtracting 1.5 · 2²³ rounds to the nearest integer; the comparison
        // takes one off where that went up.
        let nearest = (self + 12_582_912) - 12_582_912
        return nearest > self ? nearest - 1 : nearest
    }
}

extension SIMD8 where Scalar == Float {
    /// `rounded(.down)` of every lane, for lanes of magnitude below 2²², up to the sign of a
    /// zero result.
    @inline(__always)
    var roundedDownSmall: SIMD8<Float> {
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let nearest = (self + magic) - magic
        return nearest.replacing(with: nearest - 1, where: nearest .> self)
    }
}
