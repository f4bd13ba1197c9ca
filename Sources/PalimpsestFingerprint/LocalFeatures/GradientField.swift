/// Gradient magnitude and direction of a plane, by central differences.
///
/// Directions are in radians, 0…2π, measured from +x towards +y (image rows grow downwards).
/// Border pixels have zero gradient.
final class GradientField {
    /// Gradient length per pixel.
    let magnitude: FloatPlane
    /// Gradient direction per pixel, 0…2π.
    let angle: FloatPlane

    /// Computes the gradients of `plane`.
    init(_ plane: FloatPlane) {
        let w = plane.width, h = plane.height
        magnitude = FloatPlane(width: w, height: h)
        angle = FloatPlane(width: w, height: h)
        guard w >= 3 && h >= 3 else { return }
        for y in 1 ..< h - 1 {
            let above = plane.row(y - 1), here = plane.row(y), below = plane.row(y + 1)
            let m = magnitude.row(y), a = angle.row(y)
            for x in 1 ..< w - 1 {
                let gx = here[x + 1] - here[x - 1]
                let gy = below[x] - above[x]
                m[x] = (gx * gx + gy * gy).squareRoot()
                a[x] = Self.direction(y: gy, x: gx)
            }
        }
    }

    /// `atan2(y, x)` mapped to 0…2π, by a polynomial (error below 1e-5 radian).
    @inline(__always)
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
