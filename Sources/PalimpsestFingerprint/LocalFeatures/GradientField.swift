import PalimpsestCore
internal import CPalimpsestKernels

/// Gradient magnitude and direction of a plane, by central differences (in the C kernels,
/// vectorised with AVX2 where the processor has it).
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
            pal_gradient_row(plane.row(y - 1), plane.row(y), plane.row(y + 1), w, magnitude.row(y), angle.row(y))
        }
    }

    /// `atan2(y, x)` mapped to 0…2π, by a polynomial (error below 2.5e-4 radian), as the C
    /// kernel computes it for every pixel.
    static func direction(y: Float, x: Float) -> Float {
        pal_gradient_direction(y, x)
    }
}
