import PalimpsestCore
import Foundation

/// Proof that a query shows (part of) a reference: a plane transform that carries many of
/// the query's keypoints onto matching keypoints of the reference.
///
/// ```swift
/// if let match = GeometricVerifier().verify(query: q, reference: r), match.inliers >= 12 {
///     print(match.model, match.scale, match.rotationDegrees, match.referenceInlierBounds)
/// }
/// ```
public struct GeometricMatch: Sendable {
    /// The transform's kind.
    public var model: TransformModel
    /// 3×3 row-major matrix taking query pixel coordinates `(x, y, 1)` to reference pixel
    /// coordinates (divide by the third component).
    public var matrix: [Double]
    /// Whether the query is a mirror image of the reference (the matrix includes the flip).
    public var mirrored: Bool
    /// Keypoint pairs the transform explains, counting each query position once.
    public var inliers: Int
    /// Pairs that passed the descriptor ratio test, before geometry.
    public var tentativeMatches: Int
    /// The box around the inliers in the query.
    public var queryInlierBounds: InlierBounds
    /// The box around the inliers in the reference: the part of the reference that was copied.
    public var referenceInlierBounds: InlierBounds
    /// Inlier positions in the query, in pixels.
    public var queryPoints: [SIMD2<Float>]
    /// The matching positions in the reference, in pixels, in the same order.
    public var referencePoints: [SIMD2<Float>]

    /// Creates a match.
    public init(
        model: TransformModel, matrix: [Double], mirrored: Bool, inliers: Int, tentativeMatches: Int,
        queryPoints: [SIMD2<Float>], referencePoints: [SIMD2<Float>]
    ) {
        self.model = model
        self.matrix = matrix
        self.mirrored = mirrored
        self.inliers = inliers
        self.tentativeMatches = tentativeMatches
        self.queryPoints = queryPoints
        self.referencePoints = referencePoints
        queryInlierBounds = InlierBounds(points: queryPoints)
        referenceInlierBounds = InlierBounds(points: referencePoints)
    }

    /// Where the query point `(x, y)` lands in the reference.
    public func referencePoint(x: Float, y: Float) -> SIMD2<Float> {
        Homography(matrix).apply(SIMD2(x, y))
    }

    /// How many reference pixels one query pixel spans, at the centre of the query inliers
    /// (square root of the local area ratio).
    public var scale: Double {
        let centre = SIMD2((queryInlierBounds.minX + queryInlierBounds.maxX) / 2,
                           (queryInlierBounds.minY + queryInlierBounds.maxY) / 2)
        let j = Homography(matrix).jacobian(at: centre)
        return abs(j.a * j.d - j.b * j.c).squareRoot()
    }

    /// The rotation from query to reference at the centre of the query inliers, in degrees
    /// (−180…180), measured on the query's x axis (after the mirror, if any).
    public var rotationDegrees: Double {
        let centre = SIMD2((queryInlierBounds.minX + queryInlierBounds.maxX) / 2,
                           (queryInlierBounds.minY + queryInlierBounds.maxY) / 2)
        let j = Homography(matrix).jacobian(at: centre)
        let x = mirrored ? -j.a : j.a, y = mirrored ? -j.c : j.c
        return atan2(y, x) * 180 / .pi
    }
}
