import PalimpsestCore

/// A scale- and rotation-invariant interest point: a blob found in scale space, with the
/// dominant gradient direction around it.
///
/// Positions and scale are in the pixels of the raster the features were extracted from;
/// pixel centres sit at integer coordinates.
///
/// ```swift
/// let point = Keypoint(x: 120.5, y: 48, scale: 3.2, angle: .pi / 2, response: 0.03)
/// ```
public struct Keypoint: Sendable, Equatable {
    /// Column, in raster pixels.
    public var x: Float
    /// Row, in raster pixels (growing downwards).
    public var y: Float
    /// The blob's Gaussian σ, in raster pixels; the descriptor covers about 15σ across.
    public var scale: Float
    /// Dominant gradient direction in radians, 0…2π, from +x towards +y.
    public var angle: Float
    /// Contrast of the blob (|difference of Gaussians| on 0…1 luma); stronger is more stable.
    public var response: Float

    /// Creates a keypoint.
    public init(x: Float, y: Float, scale: Float, angle: Float, response: Float) {
        self.x = x
        self.y = y
        self.scale = scale
        self.angle = angle
        self.response = response
    }
}
