import PalimpsestCore
import Foundation

/// The dominant gradient directions around a keypoint, as SIFT assigns them: a 36-bin
/// histogram of gradient directions weighted by magnitude and a Gaussian window of 1.5σ,
/// smoothed, with every peak within 80% of the highest kept (at most `maxPeaks`).
enum OrientationHistogram {
    /// Bins over the full circle.
    static let bins = 36

    /// The dominant directions (radians, 0…2π, strongest first) at `(x, y)` of `field`, for a
    /// keypoint of scale `sigma` (both in the field's pixels).
    static func dominantDirections(
        in field: GradientField, x: Int, y: Int, sigma: Float, maxPeaks: Int = 2
    ) -> [Float] {
        let n = bins
        let w = field.magnitude.width, h = field.magnitude.height
        let radius = max(1, Int((4.5 * sigma).rounded()))
        let windowSigma = 1.5 * sigma
        let falloff = (0 ... radius).map { Float(exp(-Double($0 * $0) / Double(2 * windowSigma * windowSigma))) }
        var raw = [Float](repeating: 0, count: n)
        let perRadian = Float(n) / (2 * .pi)
        for i in -radius ... radius {
            let row = y + i
            guard row > 0, row < h - 1 else { continue }
            let magnitudes = field.magnitude.row(row), angles = field.angle.row(row)
            let rowWeight = falloff[abs(i)]
            for j in -radius ... radius {
                let column = x + j
                guard column > 0, column < w - 1 else { continue }
                var bin = (angles[column] * perRadian).roundedSmall
                if bin >= n { bin -= n }
                raw[bin] += rowWeight * falloff[abs(j)] * magnitudes[column]
            }
        }
        var smooth = [Float](repeating: 0, count: n)
        for i in 0 ..< n {
            let a = raw[(i + n - 2) % n], b = raw[(i + n - 1) % n], c = raw[i]
            let d = raw[(i + 1) % n], e = raw[(i + 2) % n]
            smooth[i] = (a + e) * (1.0 / 16) + (b + d) * (4.0 / 16) + c * (6.0 / 16)
        }
        guard let highest = smooth.max(), highest > 0 else { return [] }
        var peaks: [(value: Float, angle: Float)] = []
        for j in 0 ..< n {
            let left = smooth[(j + n - 1) % n], right = smooth[(j + 1) % n], v = smooth[j]
            guard v > left, v > right, v >= 0.8 * highest else { continue }
            var bin = Float(j) + 0.5 * (left - right) / (left - 2 * v + right)
            if bin < 0 { bin += Float(n) }
            if bin >= Float(n) { bin -= Float(n) }
            peaks.append((v, bin * 2 * .pi / Float(n)))
        }
        peaks.sort { $0.value > $1.value }
        return peaks.prefix(maxPeaks).map(\.angle)
    }
}
