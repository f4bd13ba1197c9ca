import PalimpsestCore

extension Homography {
    /// The least-squares similarity (scale, rotation, translation) taking `from` to `to`;
    /// exact for two distinct points, `nil` when the points coincide.
    static func similarity(from: [SIMD2<Float>], to: [SIMD2<Float>]) -> Homography? {
        guard from.count >= 2, from.count == to.count else { return nil }
        let (cq, cr) = (centroid(from), centroid(to))
        var re = 0.0, im = 0.0, norm = 0.0
        for (q, r) in zip(from, to) {
            let qx = Double(q.x) - cq.x, qy = Double(q.y) - cq.y
            let rx = Double(r.x) - cr.x, ry = Double(r.y) - cr.y
            re += qx * rx + qy * ry
            im += qx * ry - qy * rx
            norm += qx * qx + qy * qy
        }
        guard norm > 1e-9 else { return nil }
        let a = re / norm, b = im / norm
        return Homography([a, -b, cr.x - a * cq.x + b * cq.y, b, a, cr.y - b * cq.x - a * cq.y, 0, 0, 1])
    }

    /// The least-squares affine map taking `from` to `to`; `nil` for fewer than three points
    /// or collinear ones.
    static func affine(from: [SIMD2<Float>], to: [SIMD2<Float>]) -> Homography? {
        guard from.count >= 3, from.count == to.count else { return nil }
        let (cq, cr) = (centroid(from), centroid(to))
        var sxx = 0.0, sxy = 0.0, syy = 0.0, sxu = 0.0, syu = 0.0, sxv = 0.0, syv = 0.0
        for (q, r) in zip(from, to) {
            let x = Double(q.x) - cq.x, y = Double(q.y) - cq.y
            let u = Double(r.x) - cr.x, v = Double(r.y) - cr.y
            sxx += x * x; sxy += x * y; syy += y * y
            sxu += x * u; syu += y * u; sxv += x * v; syv += y * v
        }
        let det = sxx * syy - sxy * sxy
        guard det > 1e-9 * max(1, sxx * syy) else { return nil }
        let a = (sxu * syy - syu * sxy) / det, b = (syu * sxx - sxu * sxy) / det
        let c = (sxv * syy - syv * sxy) / det, d = (syv * sxx - sxv * sxy) / det
        return Homography([a, b, cr.x - a * cq.x - b * cq.y, c, d, cr.y - c * cq.x - d * cq.y, 0, 0, 1])
    }

    /// The homography taking `from` to `to` by the normalised direct linear transform
    /// (least squares with the last entry fixed at 1); `nil` for fewer than four points or a
    /// degenerate configuration.
    static func homography(from: [SIMD2<Float>], to: [SIMD2<Float>]) -> Homography? {
        guard from.count >= 4, from.count == to.count,
              let tq = conditioning(from), let tr = conditioning(to) else { return nil }
        var normal = [Double](repeating: 0, count: 64), rhs = [Double](repeating: 0, count: 8)
        for (q, r) in zip(from, to) {
            let p = tq.apply(q), s = tr.apply(r)
            let x = Double(p.x), y = Double(p.y), u = Double(s.x), v = Double(s.y)
            let rows: [([Double], Double)] = [
                ([x, y, 1, 0, 0, 0, -u * x, -u * y], u),
                ([0, 0, 0, x, y, 1, -v * x, -v * y], v),
            ]
            for (row, value) in rows {
                for i in 0 ..< 8 {
                    rhs[i] += row[i] * value
                    for j in 0 ..< 8 { normal[i * 8 + j] += row[i] * row[j] }
                }
            }
        }
        guard let h = solve(normal, rhs, size: 8) else { return nil }
        let inner = Homography(h + [1])
        guard let back = tr.inverseOfConditioning() else { return nil }
        return back.composed(after: inner.composed(after: tq)).normalised
    }

    /// The mean of `points` in double precision.
    static func centroid(_ points: [SIMD2<Float>]) -> (x: Double, y: Double) {
        var x = 0.0, y = 0.0
        for p in points { x += Double(p.x); y += Double(p.y) }
        let n = Double(max(1, points.count))
        return (x / n, y / n)
    }

    /// The similarity moving `points`' centroid to the origin and their mean distance from it
    /// to √2 (Hartley's conditioning).
    static func conditioning(_ points: [SIMD2<Float>]) -> Homography? {
        let c = centroid(points)
        var spread = 0.0
        for p in points {
            let dx = Double(p.x) - c.x, dy = Double(p.y) - c.y
            spread += (dx * dx + dy * dy).squareRoot()
        }
        spread /= Double(points.count)
        guard spread > 1e-9 else { return nil }
        let s = 2.0.squareRoot() / spread
        return Homography([s, 0, -s * c.x, 0, s, -s * c.y, 0, 0, 1])
    }

    /// The inverse of a conditioning transform (uniform scale and translation only).
    func inverseOfConditioning() -> Homography? {
        let s = m[0]
        guard abs(s) > 1e-12 else { return nil }
        return Homography([1 / s, 0, -m[2] / s, 0, 1 / s, -m[5] / s, 0, 0, 1])
    }

    /// Solves the `size`×`size` system `a · x = b` by Gaussian elimination with partial
    /// pivoting; `nil` when singular.
    static func solve(_ a: [Double], _ b: [Double], size n: Int) -> [Double]? {
        var a = a, b = b
        for column in 0 ..< n {
            var pivot = column
            for row in column + 1 ..< n where abs(a[row * n + column]) > abs(a[pivot * n + column]) { pivot = row }
            guard abs(a[pivot * n + column]) > 1e-12 else { return nil }
            if pivot != column {
                for k in 0 ..< n { a.swapAt(pivot * n + k, column * n + k) }
                b.swapAt(pivot, column)
            }
            for row in column + 1 ..< n {
                let f = a[row * n + column] / a[column * n + column]
                guard f != 0 else { continue }
                for k in column ..< n { a[row * n + k] -= f * a[column * n + k] }
                b[row] -= f * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in row + 1 ..< n { sum -= a[row * n + k] * x[k] }
            x[row] = sum / a[row * n + row]
        }
        return x
    }
}
