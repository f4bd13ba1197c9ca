import PalimpsestCore

/// Finds the local extrema of a ``ScaleSpace``'s differences of Gaussians across position and
/// scale, and keeps those with enough contrast that are not on straight edges (SIFT's rules).
struct ExtremumDetector {
    /// Smallest |DoG| × layers accepted after refinement (SIFT uses 0.04 for 0…1 images).
    var contrastThreshold: Float
    /// Largest ratio of principal curvatures accepted (SIFT uses 10).
    var edgeRatio: Float = 10
    /// Pixels kept clear of the octave's border.
    var border: Int = 5

    /// Every accepted extremum of `space`.
    func detect(in space: ScaleSpace) -> [ScaleSpacePoint] {
        var found: [ScaleSpacePoint] = []
        let prefilter = 0.5 * contrastThreshold / Float(space.layers)
        for octave in 0 ..< space.octaveCount {
            let dogs = space.differences[octave]
            let w = dogs[0].width, h = dogs[0].height
            guard w > 2 * border && h > 2 * border else { continue }
            for layer in 1 ... space.layers {
                let below = dogs[layer - 1].pixels, here = dogs[layer].pixels, above = dogs[layer + 1].pixels
                for y in border ..< h - border {
                    // Eight pixels at a time are tested without branches; the few that pass are
                    // refined in order, as one by one.
                    // The groups of eight are tested with a constant count, which compiles to
                    // plain vector loads; the last, shorter group loads only its pixels.
                    func test(_ x: Int, _ passed: SIMDMask<SIMD8<Int32>>) {
                        for k in 0 ..< 8 where passed[k] {
                            if let point = refine(space: space, octave: octave, layer: layer, x: x + k, y: y) { found.append(point) }
                        }
                    }
                    var x = border
                    while x + 8 <= w - border {
                        test(x, Self.extrema(at: y * w + x, count: 8, width: w, planes: (below, here, above), prefilter: prefilter))
                        x += 8
                    }
                    if x < w - border {
                        test(x, Self.extrema(at: y * w + x, count: w - border - x, width: w, planes: (below, here, above), prefilter: prefilter))
                    }
                }
            }
        }
        return found
    }

    /// For each of the first `count` (at most 8) pixels from index `i` of the middle plane:
    /// whether its |DoG| is above `prefilter` and it is strictly above (or below) all 26
    /// neighbours in position and scale. Lanes from `count` on are `false`.
    @inline(__always)
    static func extrema(
        at i: Int, count: Int, width w: Int,
        planes: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>), prefilter: Float
    ) -> SIMDMask<SIMD8<Int32>> {
        // Lanes past `count` load zeros, which are never above the prefilter.
        @inline(__always) func load(_ p: UnsafeMutablePointer<Float>, _ offset: Int) -> SIMD8<Float> {
            SIMD8(loadingFirst: count, from: p + i + offset)
        }
        let v = load(planes.1, 0)
        let strong = (v .> prefilter) .| (v .< -prefilter)
        guard any(strong) else { return SIMDMask(repeating: false) }
        var above = v .> 0, below = v .< 0
        for offset in [-w - 1, -w, -w + 1, -1, 1, w - 1, w, w + 1] {
            let n = load(planes.1, offset)
            above .&= n .< v
            below .&= n .> v
        }
        // Few pixels are extrema of their own plane: most groups stop here.
        guard any(strong .& (above .| below)) else { return SIMDMask(repeating: false) }
        for plane in [planes.0, planes.2] {
            for offset in [-w - 1, -w, -w + 1, -1, 0, 1, w - 1, w, w + 1] {
                let n = load(plane, offset)
                above .&= n .< v
                below .&= n .> v
            }
        }
        return strong .& (above .| below)
    }

    /// Fits a quadratic to the DoG around an extremum and moves to its peak (at most five
    /// steps); rejects points that drift away, have low contrast, or lie on an edge.
    func refine(space: ScaleSpace, octave: Int, layer startLayer: Int, x startX: Int, y startY: Int) -> ScaleSpacePoint? {
        let dogs = space.differences[octave]
        let w = dogs[0].width, h = dogs[0].height
        var x = startX, y = startY, layer = startLayer
        var offset = SIMD3<Float>(0, 0, 0)
        var gradient = SIMD3<Float>(0, 0, 0)
        var dxx: Float = 0, dyy: Float = 0, dxy: Float = 0
        var converged = false
        for _ in 0 ..< 5 {
            let b = dogs[layer - 1], c = dogs[layer], a = dogs[layer + 1]
            let v = c[x, y]
            gradient = SIMD3((c[x + 1, y] - c[x - 1, y]) * 0.5, (c[x, y + 1] - c[x, y - 1]) * 0.5, (a[x, y] - b[x, y]) * 0.5)
            dxx = c[x + 1, y] + c[x - 1, y] - 2 * v
            dyy = c[x, y + 1] + c[x, y - 1] - 2 * v
            let dss = a[x, y] + b[x, y] - 2 * v
            dxy = (c[x + 1, y + 1] - c[x - 1, y + 1] - c[x + 1, y - 1] + c[x - 1, y - 1]) * 0.25
            let dxs = (a[x + 1, y] - a[x - 1, y] - b[x + 1, y] + b[x - 1, y]) * 0.25
            let dys = (a[x, y + 1] - a[x, y - 1] - b[x, y + 1] + b[x, y - 1]) * 0.25
            guard let step = Self.solve(
                (dxx, dxy, dxs), (dxy, dyy, dys), (dxs, dys, dss), -gradient
            ) else { return nil }
            offset = step
            if abs(offset.x) < 0.5 && abs(offset.y) < 0.5 && abs(offset.z) < 0.5 {
                converged = true
                break
            }
            guard abs(offset.x) < 1e4, abs(offset.y) < 1e4, abs(offset.z) < 1e4 else { return nil }
            x += Int(offset.x.rounded())
            y += Int(offset.y.rounded())
            layer += Int(offset.z.rounded())
            guard layer >= 1, layer <= space.layers, x >= border, x < w - border, y >= border, y < h - border else {
                return nil
            }
        }
        guard converged else { return nil }
        let contrast = dogs[layer][x, y] + 0.5 * (gradient * offset).sum()
        guard abs(contrast) * Float(space.layers) >= contrastThreshold else { return nil }
        let trace = dxx + dyy, determinant = dxx * dyy - dxy * dxy
        guard determinant > 0, trace * trace * edgeRatio < (edgeRatio + 1) * (edgeRatio + 1) * determinant else {
            return nil
        }
        return ScaleSpacePoint(
            octave: octave, layer: layer, x: Float(x) + offset.x, y: Float(y) + offset.y,
            refinedLayer: Float(layer) + offset.z, response: abs(contrast))
    }

    /// Solves the symmetric 3×3 system with rows `r0`, `r1`, `r2` by Cramer's rule; `nil` when
    /// singular.
    static func solve(
        _ r0: (Float, Float, Float), _ r1: (Float, Float, Float), _ r2: (Float, Float, Float), _ b: SIMD3<Float>
    ) -> SIMD3<Float>? {
        func det(_ a: (Float, Float, Float), _ b: (Float, Float, Float), _ c: (Float, Float, Float)) -> Float {
            a.0 * (b.1 * c.2 - b.2 * c.1) - a.1 * (b.0 * c.2 - b.2 * c.0) + a.2 * (b.0 * c.1 - b.1 * c.0)
        }
        let d = det(r0, r1, r2)
        guard abs(d) > 1e-12 else { return nil }
        let dx = det((b.x, r0.1, r0.2), (b.y, r1.1, r1.2), (b.z, r2.1, r2.2))
        let dy = det((r0.0, b.x, r0.2), (r1.0, b.y, r1.2), (r2.0, b.z, r2.2))
        let dz = det((r0.0, r0.1, b.x), (r1.0, r1.1, b.y), (r2.0, r2.1, b.z))
        return SIMD3(dx / d, dy / d, dz / d)
    }
}
