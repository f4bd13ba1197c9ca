@testable import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("Gaussian blur")
struct GaussianBlurTests {
    @Test("every pixel equals the weighted sum of its row, then its column, with borders replicated, bit for bit")
    func matchesSeparableDefinition() {
        var rng = SplitMix64(seed: 3)
        for (width, height, sigma) in [(37, 11, Float(1.2)), (8, 5, 2.5), (3, 29, 0.7)] {
            let source = FloatPlane(width: width, height: height)
            for i in 0 ..< width * height { source.pixels[i] = Float.random(in: 0 ... 1, using: &rng) }
            let blur = GaussianBlur(sigma: sigma)
            let out = blur.apply(to: source)
            let r = blur.radius
            func clamped(_ v: Int, _ n: Int) -> Int { min(n - 1, max(0, v)) }
            var rows = [Float](repeating: 0, count: width * height)
            for y in 0 ..< height {
                for x in 0 ..< width {
                    var sum: Float = 0
                    for k in blur.weights.indices { sum += blur.weights[k] * source[clamped(x + k - r, width), y] }
                    rows[y * width + x] = sum
                }
            }
            for y in 0 ..< height {
                for x in 0 ..< width {
                    var sum: Float = 0
                    for k in blur.weights.indices { sum += blur.weights[k] * rows[clamped(y + k - r, height) * width + x] }
                    #expect(out[x, y] == sum, "\(width)×\(height) σ \(sigma) at \(x), \(y)")
                }
            }
        }
    }
}
