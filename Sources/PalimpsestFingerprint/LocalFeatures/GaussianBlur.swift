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
    func apply(to source: FloatPlane) -> FloatPlane {
        let width = source.width, height = source.height, r = radius
        let horizontal = FloatPlane(width: width, height: height)
        let padded = UnsafeMutablePointer<Float>.allocate(capacity: width + 2 * r)
        defer { padded.deallocate() }
        return weights.withUnsafeBufferPointer { kernel in
            let taps = kernel.count
            for y in 0 ..< height {
                let input = source.row(y)
                for i in 0 ..< r { padded[i] = input[0] }
                padded.advanced(by: r).update(from: input, count: width)
                for i in 0 ..< r { padded[width + r + i] = input[width - 1] }
                let output = horizontal.row(y)
                for x in 0 ..< width { output[x] = 0 }
                for k in 0 ..< taps {
                    let weight = kernel[k], shifted = padded + k
                    for x in 0 ..< width { output[x] += weight * shifted[x] }
                }
            }
            let out = FloatPlane(width: width, height: height)
            for y in 0 ..< height {
                let output = out.row(y)
                for k in 0 ..< taps {
                    let weight = kernel[k]
                    let input = horizontal.row(min(height - 1, max(0, y + k - r)))
                    for x in 0 ..< width { output[x] += weight * input[x] }
                }
            }
            return out
        }
    }
}
