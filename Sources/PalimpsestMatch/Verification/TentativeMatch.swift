import PalimpsestCore

/// A keypoint of the query paired with its nearest keypoint in the reference by descriptor
/// distance, before any geometry is checked.
struct TentativeMatch {
    /// The query keypoint's index.
    var queryIndex: Int
    /// The reference keypoint's index.
    var referenceIndex: Int
    /// Query position, in query pixels.
    var query: SIMD2<Float>
    /// Reference position, in reference pixels.
    var reference: SIMD2<Float>
    /// Query keypoint scale.
    var queryScale: Float
    /// Reference keypoint scale.
    var referenceScale: Float
    /// Query keypoint direction (radians).
    var queryAngle: Float
    /// Reference keypoint direction (radians).
    var referenceAngle: Float
    /// Nearest over second-nearest descriptor distance: lower is more distinctive.
    var ratio: Float
}
