internal import CPalimpsestKernels
import PalimpsestCore

/// A raster's luma, resized so that its long side is close to a working size, with the
/// factors that map working coordinates back to the raster's pixels.
///
/// Shrinking averages the source pixels each output pixel covers (area averaging, so no
/// aliasing); enlarging, allowed up to 2×, interpolates bilinearly.
struct WorkingImage {
    /// Luma in 0…1 at the working size.
    let plane: FloatPlane
    /// Working width divided by raster width.
    let scaleX: Float
    /// Working height divided by raster height.
    let scaleY: Float

    /// Converts `raster` to luma (0.299 R + 0.587 G + 0.114 B) and resizes it so the long
    /// side is about `workingSize`, enlarging by at most `maxEnlargement`.
    init(_ raster: Raster, workingSize: Int, maxEnlargement: Float = 2) {
        let w = raster.width, h = raster.height
        let factor = min(maxEnlargement, Float(workingSize) / Float(max(w, h)))
        let outW = max(1, Int((Float(w) * factor).rounded()))
        let outH = max(1, Int((Float(h) * factor).rounded()))
        let full = FloatPlane(uninitializedWidth: w, height: h)
        raster.bytes.withUnsafeBufferPointer { bytes in
            Self.lumaWeights.withUnsafeBufferPointer { weights in
                pal_luma(bytes.baseAddress!, w * h, weights.baseAddress!, full.pixels)
            }
        }
        if outW == w && outH == h {
            plane = full
        } else {
            plane = Self.resized(full, width: outW, height: outH)
        }
        scaleX = Float(outW) / Float(max(1, w))
        scaleY = Float(outH) / Float(max(1, h))
    }

    /// Luma per channel level: 0.299 R + 0.587 G + 0.114 B, over 255.
    static let lumaWeights: [Float] = [0.299 / 255, 0.587 / 255, 0.114 / 255]

    /// Maps a working-image point to raster pixel coordinates (pixel centres at integers).
    func rasterPoint(x: Float, y: Float) -> (x: Float, y: Float) {
        ((x + 0.5) / scaleX - 0.5, (y + 0.5) / scaleY - 0.5)
    }

    // MARK: - Resampling

    /// Per output index: the first source index and `taps` weights (zero-padded).
    struct Taps {
        let taps: Int
        let first: [Int]
        let weights: [Float]
    }

    /// Weights for resizing `source` samples to `target` samples: box coverage when
    /// shrinking, linear interpolation when enlarging.
    static func taps(source: Int, target: Int) -> Taps {
        let ratio = Double(source) / Double(target)
        if ratio >= 1 {
            let count = Int(ratio.rounded(.up)) + 1
            var first = [Int](repeating: 0, count: target)
            var weights = [Float](repeating: 0, count: target * count)
            for o in 0 ..< target {
                let lo = Double(o) * ratio, hi = min(Double(source), Double(o + 1) * ratio)
                let start = Int(lo)
                first[o] = start
                for k in 0 ..< count {
                    let s = start + k
                    guard s < source else { break }
                    let covered = min(hi, Double(s + 1)) - max(lo, Double(s))
                    if covered > 0 { weights[o * count + k] = Float(covered / (hi - lo)) }
                }
            }
            return Taps(taps: count, first: first, weights: weights)
        }
        var first = [Int](repeating: 0, count: target)
        var weights = [Float](repeating: 0, count: target * 2)
        for o in 0 ..< target {
            let position = min(Double(source - 1), max(0, (Double(o) + 0.5) * ratio - 0.5))
            let start = min(source - 2, Int(position))
            let t = Float(position - Double(start))
            first[o] = max(0, start)
            weights[o * 2] = source == 1 ? 1 : 1 - t
            weights[o * 2 + 1] = source == 1 ? 0 : t
        }
        return Taps(taps: 2, first: first, weights: weights)
    }

    /// Separable resize: rows first, then columns (vectorised along rows).
    static func resized(_ source: FloatPlane, width: Int, height: Int) -> FloatPlane {
        let horizontal = taps(source: source.width, target: width)
        let vertical = taps(source: source.height, target: height)
        let rows = FloatPlane(uninitializedWidth: width, height: source.height)
        horizontal.first.withUnsafeBufferPointer { first in
            horizontal.weights.withUnsafeBufferPointer { weights in
                let n = horizontal.taps, limit = source.width
                for y in 0 ..< source.height {
                    let input = source.row(y), output = rows.row(y)
                    for x in 0 ..< width {
                        let start = first[x]
                        var sum: Float = 0
                        for k in 0 ..< min(n, limit - start) { sum += weights[x * n + k] * input[start + k] }
                        output[x] = sum
                    }
                }
            }
        }
        let out = FloatPlane(width: width, height: height)
        for y in 0 ..< height {
            let output = out.row(y)
            let start = vertical.first[y], n = vertical.taps
            for k in 0 ..< min(n, source.height - start) {
                let weight = vertical.weights[y * n + k]
                guard weight != 0 else { continue }
                let input = rows.row(start + k)
                for x in 0 ..< width { output[x] += weight * input[x] }
            }
        }
        return out
    }
}
