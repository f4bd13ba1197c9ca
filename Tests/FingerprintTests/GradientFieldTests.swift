import Foundation
@testable import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("Gradient field")
struct GradientFieldTests {
    @Test("every pixel's magnitude and direction equal central differences and the polynomial atan2, bit for bit")
    func matchesCentralDifferenceDefinition() {
        var rng = SplitMix64(seed: 11)
        // Widths around the kernel's eight-lane vectors, and a plane with exact zero gradients.
        for (width, height) in [(37, 11), (8, 5), (3, 3), (17, 9)] {
            let plane = FloatPlane(width: width, height: height)
            for i in 0 ..< width * height {
                plane.pixels[i] = i % 7 == 0 ? 0.5 : Float.random(in: -1 ... 1, using: &rng)
            }
            let field = GradientField(plane)
            var agree = true
            for y in 0 ..< height {
                for x in 0 ..< width {
                    let inside = x > 0 && x < width - 1 && y > 0 && y < height - 1
                    let gx = inside ? plane[x + 1, y] - plane[x - 1, y] : 0
                    let gy = inside ? plane[x, y + 1] - plane[x, y - 1] : 0
                    let magnitude = inside ? (gx * gx + gy * gy).squareRoot() : 0
                    let angle = inside ? Self.direction(y: gy, x: gx) : 0
                    agree = agree && field.magnitude[x, y] == magnitude && field.angle[x, y] == angle
                }
            }
            #expect(agree, "\(width)×\(height)")
        }
    }

    @Test("the direction is within 2.5e-4 radian of atan2 mapped to 0…2π")
    func directionApproximatesAtan2() {
        var worst: Float = 0
        for step in 0 ..< 3600 {
            let theta = Float(step) * 2 * .pi / 3600
            let (x, y) = (cos(theta) * 3, sin(theta) * 3)
            var exact = atan2(y, x)
            if exact < 0 { exact += 2 * .pi }
            let difference = abs(GradientField.direction(y: y, x: x) - exact)
            worst = max(worst, min(difference, 2 * .pi - difference))
        }
        #expect(worst < 2.5e-4)
    }

    /// The direction as defined: `atan2(y, x)` in 0…2π by Hastings' polynomial on the octant.
    static func direction(y: Float, x: Float) -> Float {
        let ax = abs(x), ay = abs(y)
        let a = min(ax, ay) / (max(ax, ay) + 1e-20)
        let s = a * a
        var r = ((-0.046_496_474_9 * s + 0.159_314_22) * s - 0.327_622_764) * s * a + a
        if ay > ax { r = 1.570_796_326_8 - r }
        if x < 0 { r = 3.141_592_653_6 - r }
        if y < 0 { r = 6.283_185_307_2 - r }
        return r >= 6.283_185_307_2 ? 0 : r
    }
}
