import PalimpsestCore
import PalimpsestFingerprint

/// Decides whether a query shows (part of) a reference by matching their local features and
/// fitting a plane transform to the matches robustly.
///
/// Each query keypoint is paired with its nearest reference keypoint when the pair passes the
/// ratio test; a similarity is found by RANSAC, then refined to an affine map and, when it
/// explains more pairs, a homography (see ``TransformModel``). When the direct attempt is not
/// conclusive, the query's mirrored features are tried too, so flipped copies verify.
///
/// ```swift
/// let verifier = GeometricVerifier()
/// if let match = verifier.verify(query: queryFeatures, reference: referenceFeatures),
///    match.inliers >= verifier.minimumInliers {
///     print("copy of region", match.referenceInlierBounds)
/// }
/// ```
public struct GeometricVerifier: Codable, Sendable, Equatable {
    /// Largest nearest / second-nearest descriptor distance ratio for a tentative match.
    public var ratio: Float
    /// Inlier distance, as a fraction of the reference's long side.
    public var tolerance: Float
    /// Fewest inliers for a match to be returned at all.
    public var minimumInliers: Int
    /// Whether to try the mirrored query when the direct attempt does not reach four times
    /// ``minimumInliers``.
    public var checksMirror: Bool

    /// Creates a verifier.
    ///
    /// - Parameters:
    ///   - ratio: the ratio-test limit (0.85 by default).
    ///   - tolerance: inlier distance as a fraction of the reference's long side (0.02 by
    ///     default: about 13 pixels on a 640-pixel image, loose enough for the geometry drift of
    ///     image-to-image regeneration; keypoint scale and direction must agree as well).
    ///   - minimumInliers: matches with fewer inliers are not returned (6 by default: on the
    ///     benchmark, unrelated pairs reached 6 in about 0.1% of cases, and most of those
    ///     shared real content).
    ///   - checksMirror: whether flipped copies are looked for (`true` by default).
    public init(ratio: Float = 0.85, tolerance: Float = 0.02, minimumInliers: Int = 6, checksMirror: Bool = true) {
        self.ratio = ratio
        self.tolerance = tolerance
        self.minimumInliers = minimumInliers
        self.checksMirror = checksMirror
    }

    /// The transform relating `query` to `reference` with the most inliers, or `nil` when
    /// none reaches ``minimumInliers``.
    public func verify(query: LocalFeatures, reference: LocalFeatures) -> GeometricMatch? {
        verify(query: query, mirrored: nil, reference: reference)
    }

    /// ``verify(query:reference:)`` with the query's mirrored features already made (`nil`
    /// makes them when needed).
    ///
    /// - Parameter mirrorLikely: whether anything suggests the query mirrors the reference;
    ///   when not, the mirrored attempt is skipped even if ``checksMirror`` is set.
    func verify(query: LocalFeatures, mirrored: LocalFeatures?, reference: LocalFeatures, mirrorLikely: Bool = true) -> GeometricMatch? {
        let direct = attempt(query, reference, mirrored: false)
        // A mirrored copy can still give a few direct inliers on symmetric content; only a
        // clearly strong direct match skips the mirrored attempt.
        guard checksMirror, mirrorLikely, (direct?.inliers ?? 0) < 4 * minimumInliers else { return direct }
        let flipped = attempt(mirrored ?? query.mirrored(), reference, mirrored: true)
        guard let flipped else { return direct }
        guard let direct else { return flipped }
        return flipped.inliers > direct.inliers ? flipped : direct
    }

    /// One matching and fitting pass; `query` is already mirrored when `mirrored` is set.
    func attempt(_ query: LocalFeatures, _ reference: LocalFeatures, mirrored: Bool) -> GeometricMatch? {
        let matches = DescriptorMatcher(ratio: ratio).match(query: query, reference: reference)
        let pixels = max(2, tolerance * Float(max(reference.width, reference.height)))
        let fitter = RobustFitter(tolerance: pixels, minimumInliers: max(4, minimumInliers / 2))
        guard let fit = fitter.fit(matches) else { return nil }
        var queryPoints: [SIMD2<Float>] = [], referencePoints: [SIMD2<Float>] = []
        for k in fit.inliers.sorted() {
            let q = matches[k].query
            let seen = queryPoints.contains { p in
                let d = p - q
                return (d * d).sum() < 1
            }
            guard !seen else { continue }
            queryPoints.append(q)
            referencePoints.append(matches[k].reference)
        }
        guard queryPoints.count >= minimumInliers else { return nil }
        var transform = fit.transform
        if mirrored {
            let flip = Homography.mirror(width: query.width)
            transform = transform.composed(after: flip)
            queryPoints = queryPoints.map { flip.apply($0) }
        }
        return GeometricMatch(
            model: fit.model, matrix: transform.normalised.m, mirrored: mirrored, inliers: queryPoints.count,
            tentativeMatches: matches.count, queryPoints: queryPoints, referencePoints: referencePoints)
    }
}
