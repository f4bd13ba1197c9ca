import PalimpsestCore

/// The geometric relation between a query and a reference found by matching local features
/// and fitting a transform robustly.
public struct GeometrySummary: Codable, Sendable, Equatable {
    /// `similarity`, `affine` or `homography`.
    public var model: String
    /// Matched features consistent with the transform.
    public var inliers: Int
    /// Matched features before fitting.
    public var tentativeMatches: Int
    /// How many reference pixels one query pixel spans (above 1: the query shows the reference smaller).
    public var scale: Float
    /// Rotation from query to reference, in degrees.
    public var rotationDegrees: Float
    /// Whether one image is a mirror image of the other.
    public var mirrored: Bool
    /// Query → reference transform, 3×3 row-major, in coordinates that are fractions (0…1) of
    /// each image's width and height.
    public var matrix: [Double]
    /// Where the matched features lie in the query, as fractions of its size: x0, y0, x1, y1.
    public var queryRegion: [Float]
    /// Where they lie in the reference, as fractions of its size: x0, y0, x1, y1.
    public var referenceRegion: [Float]

    /// Groups a relation's facts.
    public init(model: String, inliers: Int, tentativeMatches: Int, scale: Float, rotationDegrees: Float, mirrored: Bool,
                matrix: [Double], queryRegion: [Float], referenceRegion: [Float]) {
        self.model = model
        self.inliers = inliers
        self.tentativeMatches = tentativeMatches
        self.scale = scale
        self.rotationDegrees = rotationDegrees
        self.mirrored = mirrored
        self.matrix = matrix
        self.queryRegion = queryRegion
        self.referenceRegion = referenceRegion
    }
}
