import Foundation

/// A 3×3 projective transform of the plane, row-major, acting on `(x, y, 1)`.
struct PlaneTransform: Equatable {
    /// The nine entries, row-major.
    var m: [Double]

    /// The identity.
    static let identity = PlaneTransform(m: [1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// The left–right mirror of an image `width` pixels wide: `x ↦ width - 1 - x`.
    static func mirror(width: Int) -> PlaneTransform {
        PlaneTransform(m: [-1, 0, Double(width - 1), 0, 1, 0, 0, 0, 1])
    }

    /// Where `p` lands; non-finite when it maps to infinity.
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

    /// `self` after `other`: the transform that applies `other` first.
    func composed(after other: PlaneTransform) -> PlaneTransform {
        var r = [Double](repeating: 0, count: 9)
        for i in 0 ..< 3 {
            for j in 0 ..< 3 {
                r[i * 3 + j] = m[i * 3] * other.m[j] + m[i * 3 + 1] * other.m[3 + j] + m[i * 3 + 2] * other.m[6 + j]
            }
        }
        return PlaneTransform(m: r)
    }

    /// The matrix scaled so its bottom-right entry is 1 (when it is not near zero).
    func normalised() -> PlaneTransform {
        guard abs(m[8]) > 1e-12 else { return self }
        return PlaneTransform(m: m.map { $0 / m[8] })
    }
}
