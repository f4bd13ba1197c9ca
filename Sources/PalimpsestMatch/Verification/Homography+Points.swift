import PalimpsestCore

extension Homography {
    /// The left–right mirror of an image `width` pixels wide: `x ↦ width - 1 - x`.
    static func mirror(width: Int) -> Homography {
        Homography([-1, 0, Double(width - 1), 0, 1, 0, 0, 0, 1])
    }

    /// Where keypoint position `p` lands; non-finite when it maps to infinity (the fitting
    /// loops test that rather than unwrap an optional per point).
    @inline(__always)
    func apply(_ p: SIMD2<Float>) -> SIMD2<Float> {
        let x = Double(p.x), y = Double(p.y)
        let w = m[6] * x + m[7] * y + m[8]
        return SIMD2(Float((m[0] * x + m[1] * y + m[2]) / w), Float((m[3] * x + m[4] * y + m[5]) / w))
    }

    /// The 2×2 derivative at `p` (row-major `a b; c d`): how a small step near `p` maps.
    func jacobian(at p: SIMD2<Float>) -> (a: Double, b: Double, c: Double, d: Double) {
        let x = Double(p.x), y = Double(p.y)
        let w = m[6] * x + m[7] * y + m[8]
        let u = (m[0] * x + m[1] * y + m[2]) / w, v = (m[3] * x + m[4] * y + m[5]) / w
        return ((m[0] - m[6] * u) / w, (m[1] - m[7] * u) / w, (m[3] - m[6] * v) / w, (m[4] - m[7] * v) / w)
    }
}
