import PalimpsestCore
import Foundation

/// The Gaussian scale space of a working image: per octave, `layers + 3` progressively
/// blurred planes, their `layers + 2` differences (DoG), and the gradients of the planes that
/// keypoints are described on.
///
/// Scale doubles every octave and grows by `2^(1/layers)` between planes; each octave starts
/// from the previous one's plane at twice the base σ, decimated.
final class ScaleSpace {
    /// Blur of the first plane of every octave, in that octave's pixels.
    let baseSigma: Float
    /// Detection layers per octave.
    let layers: Int
    /// `gaussians[octave][plane]`.
    let gaussians: [[FloatPlane]]
    /// `differences[octave][i] = gaussians[octave][i + 1] - gaussians[octave][i]`.
    let differences: [[FloatPlane]]
    /// Gradient magnitude and direction of `gaussians[octave][layer]` for layers `1...layers`,
    /// built on first use.
    private var gradientCache: [Int: GradientField] = [:]

    /// Builds the scale space of `image`, assumed to carry a blur of 0.5 pixel already.
    ///
    /// - Parameters:
    ///   - image: the working image.
    ///   - baseSigma: blur of each octave's first plane (1.6 as in SIFT).
    ///   - layers: detection layers per octave (3 as in SIFT).
    ///   - minimumSide: octaves stop before the short side drops below this.
    init(image: FloatPlane, baseSigma: Float = 1.6, layers: Int = 3, minimumSide: Int = 16) {
        self.baseSigma = baseSigma
        self.layers = layers
        let initial = (baseSigma * baseSigma - 0.25).squareRoot()
        var steps: [GaussianBlur] = []
        for i in 1 ..< layers + 3 {
            let previous = baseSigma * Self.power(Float(i - 1) / Float(layers))
            let current = baseSigma * Self.power(Float(i) / Float(layers))
            steps.append(GaussianBlur(sigma: (current * current - previous * previous).squareRoot()))
        }
        var gaussians: [[FloatPlane]] = []
        var differences: [[FloatPlane]] = []
        var base = GaussianBlur(sigma: initial).apply(to: image)
        while min(base.width, base.height) >= minimumSide {
            var planes = [base]
            for step in steps { planes.append(step.apply(to: planes[planes.count - 1])) }
            differences.append((0 ..< planes.count - 1).map { planes[$0 + 1].subtracting(planes[$0]) })
            gaussians.append(planes)
            base = planes[layers].decimated()
        }
        self.gaussians = gaussians
        self.differences = differences
    }

    /// Number of octaves.
    var octaveCount: Int { gaussians.count }

    /// σ of plane `layer` (fractional) in its octave's pixels.
    func sigma(layer: Float) -> Float {
        baseSigma * Self.power(layer / Float(layers))
    }

    /// The gradients of `gaussians[octave][layer]`.
    func gradients(octave: Int, layer: Int) -> GradientField {
        let key = octave * 64 + layer
        if let cached = gradientCache[key] { return cached }
        let field = GradientField(gaussians[octave][layer])
        gradientCache[key] = field
        return field
    }

    /// `2^x`.
    static func power(_ x: Float) -> Float {
        Float(exp2(Double(x)))
    }
}
