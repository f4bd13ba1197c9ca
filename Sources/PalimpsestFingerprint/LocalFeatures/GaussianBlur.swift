import PalimpsestCore
import Foundation

/// A separable Gaussian blur with replicated borders.
///
/// The kernel reaches 3σ either side. Both passes run along rows so that the inner loops
/// read contiguous memory and vectorise.
struct GaussianBlur {
    /// Normalised weights, `2 * radius + 1` of them.
    let weights: [Float]
    /// Half-width of the kernel in pixels.
    let radius: Int

    /// Creates the kernel for standard deviation `sigma` (in pixels).
    init(sigma: Float) {
        radius = max(1, Int((3 * sigma).rounded(.up)))
        var w = (-radius ... radius).map { Float(exp(-Double($0 * $0) / (2 * Double(sigma * sigma)))) }
        let total = w.reduce(0, +)
        for i in w.indices { w[i] /= total }
        weights = w
    }

    /// Blurs `source` into a new plane of the same size.
    ///
    /// Each output value is the sum, from the first tap to the last, of weight × input: eight
    /// outputs at a time are summed in vector registers, in that same order.
    func apply(to source: FloatPlane) -> FloatPlane {
        let width = source.width, height = source.height, r = radius
        let horizontal = FloatPlane(uninitializedWidth: width, height: height)
        let padded = UnsafeMutablePointer<Float>.allocate(capacity: width + 2 * r)
        defer { padded.deallocate() }
        let rows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: weights.count)
        defer { rows.deallocate() }
        return weights.withUnsafeBufferPointer { kernel in
            let taps = kernel.count
            for y in 0 ..< height {
                let input = source.row(y)
                for i in 0 ..< r { padded[i] = input[0] }
                padded.advanced(by: r).update(from: input, count: width)
                for i in 0 ..< r { padded[width + r + i] = input[width - 1] }
                for k in 0 ..< taps { rows[k] = UnsafePointer(padded + k) }
                Self.weightedSum(rows, kernel, width: width, into: horizontal.row(y))
            }
            let out = FloatPlane(uninitializedWidth: width, height: height)
            for y in 0 ..< height {
                for k in 0 ..< taps { rows[k] = UnsafePointer(horizontal.row(min(height - 1, max(0, y + k - r)))) }
                Self.weightedSum(rows, kernel, width: width, into: out.row(y))
            }
            return out
        }
    }

    /// `output[x] = Σ kernel[k] × rows[k][x]` for `x` below `width`, summed from `k = 0` up.
    private static func weightedSum(_ rows: UnsafeMutablePointer<UnsafePointer<Float>>, _ kernel: UnsafeBufferPointer<Float>,
                                    width: Int, into output: UnsafeMutablePointer<Float>) {
        @inline(__always) func load(_ k: Int, _ x: Int) -> SIMD8<Float> {
            SIMD8(loadingFirst: 8, from: rows[k] + x)
        }
        @inline(__always) func store(_ sum: SIMD8<Float>, _ x: Int) {
            UnsafeMutableRawPointer(output + x).storeBytes(of: sum, as: SIMD8<Float>.self)
        }
        var x = 0
        // Four independent sums at a time, so that the additions' latency overlaps.
        while x + 32 <= width {
            var a = SIMD8<Float>(), b = SIMD8<Float>(), c = SIMD8<Float>(), d = SIMD8<Float>()
            for k in 0 ..< kernel.count {
                let weight = kernel[k]
                a += weight * load(k, x)
                b += weight * load(k, x + 8)
                c += weight * load(k, x + 16)
                d += weight * load(k, x + 24)
            }
            store(a, x)
            store(b, x + 8)
            store(c, x + 16)
            store(d, x + 24)
            x += 32
        }
        while x + 8 <= width {
            var sum = SIMD8<Float>()
            for k in 0 ..< kernel.count {
                sum += kernel[k] * load(k, x)
            }
            store(sum, x)
            x += 8
        }
        while x < width {
            var sum: Float = 0
            for k in 0 ..< kernel.count { sum += kernel[k] * rows[k][x] }
            output[x] = sum
            x += 1
        }
    }
}
