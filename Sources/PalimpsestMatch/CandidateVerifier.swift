import Foundation
import PalimpsestCore
import PalimpsestFingerprint

/// What verification looks at for one image: its decoded pixels and its local features.
public struct VerificationView: Sendable {
    /// Decoded pixels (possibly DCT-scaled).
    public var raster: Raster
    /// Local features of `raster`, when available.
    public var features: LocalFeatures?

    /// Groups an image's pixels and features.
    public init(raster: Raster, features: LocalFeatures?) {
        self.raster = raster
        self.features = features
    }
}

/// Verifies a candidate pair: finds the geometric relation from local features, maps the
/// reference onto the query with it (or, when none is found, with the PDQ orientation and a
/// stretch of one whole image onto the other), and measures agreement region by region.
public struct CandidateVerifier: Sendable {
    /// Matches local features and fits a transform.
    public var geometric = GeometricVerifier()
    /// Measures agreement after alignment.
    public var comparator = AlignedComparator()

    /// Creates a verifier.
    public init() {}

    /// Adds ``Signals/geometry`` and ``Signals/alignment`` to `signals`.
    public func verify(query: VerificationView, reference: VerificationView, signals: inout Signals) {
        let q = query.raster, r = reference.raster
        let transform: Homography
        var region: [Float]?
        if let qf = query.features, let rf = reference.features, let match = geometric.verify(query: qf, reference: rf) {
            transform = Homography(match.matrix)
            signals.geometry = GeometrySummary(
                model: match.model.rawValue, inliers: match.inliers, tentativeMatches: match.tentativeMatches,
                scale: Float(match.scale), rotationDegrees: Float(match.rotationDegrees), mirrored: match.mirrored,
                matrix: transform.inUnitCoordinates(from: (q.width, q.height), to: (r.width, r.height)).m,
                queryRegion: Self.fractions(match.queryInlierBounds, q.width, q.height),
                referenceRegion: Self.fractions(match.referenceInlierBounds, r.width, r.height))
            region = signals.geometry?.queryRegion
        } else {
            let turn = (signals.pdqDistance ?? 256) <= 64 ? signals.pdqTransform ?? .original : .original
            let turned = turn.homography(width: q.width, height: q.height)
            let size = turn.swapsAxes ? (q.height, q.width) : (q.width, q.height)
            transform = Homography.stretching(from: size, to: (r.width, r.height)).composed(after: turned)
        }
        signals.alignment = comparator.compare(query: q, reference: r, queryToReference: transform, region: region)
    }

    static func fractions(_ b: InlierBounds, _ width: Int, _ height: Int) -> [Float] {
        [b.minX / Float(width), b.minY / Float(height), b.maxX / Float(width), b.maxY / Float(height)]
    }
}
