import PalimpsestCore

/// A difference-of-Gaussians extremum, refined to sub-pixel and sub-layer accuracy.
struct ScaleSpacePoint {
    /// Octave index.
    var octave: Int
    /// The detection layer, 1…layers (the plane whose gradients describe it).
    var layer: Int
    /// Refined column in the octave's pixels.
    var x: Float
    /// Refined row in the octave's pixels.
    var y: Float
    /// Refined layer, fractional.
    var refinedLayer: Float
    /// |DoG| at the refined position: the contrast of the blob.
    var response: Float
}
