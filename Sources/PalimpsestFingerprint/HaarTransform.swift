/// PyWavelets' 2-D Haar transform in double precision, operation for operation
/// (`wavedec2`/`waverec2` with `'haar'`, even sizes, so no boundary extension).
///
/// Each analysis output is `c·x[2i+1] + c·x[2i]` (low) or `-c·x[2i+1] + c·x[2i]` (high) with
/// `c = 0.7071067811865476`, along axis 0 then axis 1; synthesis is `c·lo ± c·hi`, along axis 1
/// then axis 0. Matching the rounding matters only when values tie exactly, which is when
/// ``WaveletHash`` falls back to this.
enum HaarTransform {
    /// PyWavelets' Haar filter tap.
    static let c = 0.7071067811865476

    /// One level's detail sub-bands, each `side × side`, keyed as PyWavelets names them.
    struct Details {
        var ad: [Double]
        var da: [Double]
        var dd: [Double]
    }

    /// One analysis level of an `n × n` image: the approximation and the details, `n/2 × n/2`.
    static func analyse(_ x: [Double], side n: Int) -> (approximation: [Double], details: Details) {
        let h = n / 2
        var low = [Double](repeating: 0, count: h * n)
        var high = [Double](repeating: 0, count: h * n)
        for o in 0 ..< h {
            for j in 0 ..< n {
                let even = x[2 * o * n + j]
                let odd = x[(2 * o + 1) * n + j]
                low[o * n + j] = c * odd + c * even
                high[o * n + j] = -c * odd + c * even
            }
        }
        let (aa, ad) = analyseRows(low, rows: h, columns: n)
        let (da, dd) = analyseRows(high, rows: h, columns: n)
        return (aa, Details(ad: ad, da: da, dd: dd))
    }

    /// Along axis 1 of a `rows × columns` array.
    private static func analyseRows(_ x: [Double], rows: Int, columns: Int) -> ([Double], [Double]) {
        let h = columns / 2
        var low = [Double](repeating: 0, count: rows * h)
        var high = [Double](repeating: 0, count: rows * h)
        for r in 0 ..< rows {
            for p in 0 ..< h {
                let even = x[r * columns + 2 * p]
                let odd = x[r * columns + 2 * p + 1]
                low[r * h + p] = c * odd + c * even
                high[r * h + p] = -c * odd + c * even
            }
        }
        return (low, high)
    }

    /// One synthesis level: from `m × m` approximation and details to `2m × 2m`.
    static func synthesise(_ a: [Double], _ details: Details, side m: Int) -> [Double] {
        let low = synthesiseRows(a, details.ad, rows: m, columns: m)
        let high = synthesiseRows(details.da, details.dd, rows: m, columns: m)
        let n = 2 * m
        var out = [Double](repeating: 0, count: n * n)
        for i in 0 ..< m {
            for column in 0 ..< n {
                let lo = c * low[i * n + column]
                let hi = c * high[i * n + column]
                out[2 * i * n + column] = lo + hi
                out[(2 * i + 1) * n + column] = lo + -hi
            }
        }
        return out
    }

    /// Along axis 1: `rows × columns` low and high to `rows × 2·columns`.
    private static func synthesiseRows(_ lo: [Double], _ hi: [Double], rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * columns * 2)
        for r in 0 ..< rows {
            for i in 0 ..< columns {
                let l = c * lo[r * columns + i]
                let h = c * hi[r * columns + i]
                out[r * columns * 2 + 2 * i] = l + h
                out[r * columns * 2 + 2 * i + 1] = l + -h
            }
        }
        return out
    }

    /// ImageHash's `whash` low band: pixels / 255, the coarsest Haar approximation removed
    /// (full decomposition, LL zeroed, reconstruction), then `levels` analysis levels.
    ///
    /// - Returns: the `side >> levels` square approximation, row-major.
    static func lowBandWithoutMean(_ pixels: [UInt8], side: Int, levels: Int) -> [Double] {
        var current = pixels.map { Double($0) / 255.0 }
        var details: [Details] = []
        var n = side
        while n > 1 {
            let (approximation, detail) = analyse(current, side: n)
            details.append(detail)
            current = approximation
            n /= 2
        }
        current = current.map { $0 * 0 }
        for detail in details.reversed() {
            current = synthesise(current, detail, side: n)
            n *= 2
        }
        for _ in 0 ..< levels {
            current = analyse(current, side: n).approximation
            n /= 2
        }
        return current
    }
}
