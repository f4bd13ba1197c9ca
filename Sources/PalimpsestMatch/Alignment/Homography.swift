import PalimpsestCore

/// A planar projective transform: a 3×3 matrix, row-major, acting on (x, y, 1).
///
/// In Palimpsest it maps pixel coordinates of the query's raster to the reference's raster.
public struct Homography: Sendable, Equatable, Codable {
    /// The nine entries, row-major.
    public var m: [Double]

    /// Wraps nine row-major entries.
    public init(_ entries: [Double]) {
        precondition(entries.count == 9, "a homography has 9 entries")
        m = entries
    }

    /// The identity.
    public static let identity = Homography([1, 0, 0, 0, 1, 0, 0, 0, 1])

    /// The shift by `x` columns and `y` rows.
    public static func translation(x: Double, y: Double) -> Homography {
        Homography([1, 0, x, 0, 1, y, 0, 0, 1])
    }

    /// The transform that stretches a `from` rectangle onto a `to` rectangle (both anchored at
    /// the origin): how two whole images correspond when nothing better is known.
    public static func stretching(from: (width: Int, height: Int), to: (width: Int, height: Int)) -> Homography {
        Homography([Double(to.width) / Double(max(1, from.width)), 0, 0,
                    0, Double(to.height) / Double(max(1, from.height)), 0,
                    0, 0, 1])
    }

    /// Maps a point; `nil` where the point goes to infinity.
    @inline(__always)
    public func apply(_ x: Double, _ y: Double) -> (x: Double, y: Double)? {
        let w = m[6] * x + m[7] * y + m[8]
        guard abs(w) > 1e-12 else { return nil }
        return ((m[0] * x + m[1] * y + m[2]) / w, (m[3] * x + m[4] * y + m[5]) / w)
    }

    /// The linear scale of the transform near `(x, y)`: how many reference pixels one query
    /// pixel spans there.
    public func localScale(atX x: Double, y: Double) -> Double {
        guard let p = apply(x, y), let px = apply(x + 1, y), let py = apply(x, y + 1) else { return 1 }
        let a = (px.x - p.x, px.y - p.y), b = (py.x - p.x, py.y - p.y)
        return abs(a.0 * b.1 - a.1 * b.0).squareRoot()
    }

    /// The same transform between coordinates expressed as fractions of each image's size
    /// (0…1), given the pixel sizes of the source and target images: scale-free, so it holds for
    /// the images at any resolution.
    public func inUnitCoordinates(from source: (width: Int, height: Int), to target: (width: Int, height: Int)) -> Homography {
        let toPixels = Homography([Double(source.width), 0, 0, 0, Double(source.height), 0, 0, 0, 1])
        let toUnit = Homography([1 / Double(max(1, target.width)), 0, 0, 0, 1 / Double(max(1, target.height)), 0, 0, 0, 1])
        return toUnit.composed(after: composed(after: toPixels)).normalised
    }

    /// The matrix with its rows scaled so that the bottom-right entry is 1.
    public var normalised: Homography {
        guard abs(m[8]) > 1e-12 else { return self }
        return Homography(m.map { $0 / m[8] })
    }

    /// The inverse transform, or `nil` when the matrix is singular.
    public var inverse: Homography? {
        let a = m
        let c00 = a[4] * a[8] - a[5] * a[7], c01 = a[5] * a[6] - a[3] * a[8], c02 = a[3] * a[7] - a[4] * a[6]
        let det = a[0] * c00 + a[1] * c01 + a[2] * c02
        guard abs(det) > 1e-15 else { return nil }
        let inv = [
            c00, a[2] * a[7] - a[1] * a[8], a[1] * a[5] - a[2] * a[4],
            c01, a[0] * a[8] - a[2] * a[6], a[2] * a[3] - a[0] * a[5],
            c02, a[1] * a[6] - a[0] * a[7], a[0] * a[4] - a[1] * a[3],
        ]
        return Homography(inv.map { $0 / det })
    }

    /// `self` applied after `other`: first `other`, then `self`.
    public func composed(after other: Homography) -> Homography {
        let a = m, b = other.m
        var out = [Double](repeating: 0, count: 9)
        for r in 0 ..< 3 {
            for c in 0 ..< 3 {
                out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]
            }
        }
        return Homography(out)
    }
}
