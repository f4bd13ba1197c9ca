import Foundation
import PalimpsestCore
import PalimpsestFingerprint

/// A part of a query that looks pasted in, with the embedding of that part alone, so that a
/// reference pasted whole can be found by its layout even when it has few local features.
public struct QueryRegion: Sendable {
    /// Where the part lies, in the query raster's pixels.
    public var rect: PixelRect
    /// The part's embedding, from the same embedder as the references'.
    public var embedding: [Float]

    /// Creates a region.
    public init(rect: PixelRect, embedding: [Float]) {
        self.rect = rect
        self.embedding = embedding
    }
}

/// What verification looks at for one image: its decoded pixels and its local features.
public struct VerificationView: Sendable {
    /// Decoded pixels (possibly DCT-scaled).
    public var raster: Raster
    /// Local features of `raster`, when available.
    public var features: LocalFeatures?
    /// Parts of a query that look pasted in (none for references).
    public var regions: [QueryRegion]

    /// Groups an image's pixels, features and pasted-looking parts.
    public init(raster: Raster, features: LocalFeatures?, regions: [QueryRegion] = []) {
        self.raster = raster
        self.features = features
        self.regions = regions
    }
}

/// A query ready to be verified against its candidates: its view, its planes on the
/// comparator's working grid and its mirrored features, each made once.
public struct PreparedQuery: Sendable {
    /// The query's pixels, features and pasted-looking parts.
    public let view: VerificationView
    let planes: ColourPlanes
    let mirrored: LocalFeatures?
}

/// Verifies a candidate pair: finds the geometric relation from local features, maps the
/// reference onto the query with it (or, when none is found, onto the pasted-looking part that
/// proposed it, or with the PDQ orientation and a stretch of one whole image onto the other),
/// and measures agreement region by region.
public struct CandidateVerifier: Sendable {
    /// Matches local features and fits a transform.
    public var geometric = GeometricVerifier()
    /// Measures agreement after alignment.
    public var comparator = AlignedComparator()

    /// Creates a verifier.
    public init() {}

    /// The model name of a geometry that is a pasted-looking part's box mapped onto the whole
    /// reference, with no feature correspondences behind it.
    public static let regionModel = "region-layout"

    /// Adds ``Signals/geometry`` and ``Signals/alignment`` to `signals`.
    ///
    /// - Parameters:
    ///   - part: the pasted-looking part of the query whose embedding proposed this reference,
    ///     tried when local features find no relation.
    ///   - scorer: judges whether the whole overlap agrees when the features agree in a spot of it.
    public func verify(query: VerificationView, reference: VerificationView, signals: inout Signals, proposedBy part: PixelRect? = nil,
                       judgedBy scorer: Scorer = Scorer()) {
        verify(prepare(query), reference: reference, signals: &signals, proposedBy: part, judgedBy: scorer)
    }

    /// What verifying `query` against any reference needs of the query alone, made once for
    /// all its candidates.
    public func prepare(_ query: VerificationView) -> PreparedQuery {
        PreparedQuery(view: query, planes: comparator.planes(of: query.raster), mirrored: query.features?.mirrored())
    }

    /// ``verify(query:reference:signals:proposedBy:judgedBy:)`` for a prepared query.
    ///
    /// - Parameter mirrorLikely: whether anything suggests the query mirrors the reference (see
    ///   ``mirrorIsLikely(_:votedMirrored:within:)``); when not, its mirror image is not matched.
    public func verify(_ prepared: PreparedQuery, reference: VerificationView, signals: inout Signals, proposedBy part: PixelRect? = nil,
                       judgedBy scorer: Scorer = Scorer(), mirrorLikely: Bool = true) {
        let query = prepared.view
        let q = query.raster, r = reference.raster
        let transform: Homography
        var region: [Float]?
        if let qf = query.features, let rf = reference.features,
           let match = geometric.verify(query: qf, mirrored: prepared.mirrored, reference: rf, mirrorLikely: mirrorLikely) {
            let found = Homography(match.matrix)
            let geometry = GeometrySummary(
                model: match.model.rawValue, inliers: match.inliers, tentativeMatches: match.tentativeMatches,
                scale: Float(match.scale), rotationDegrees: Float(match.rotationDegrees), mirrored: match.mirrored,
                matrix: found.inUnitCoordinates(from: (q.width, q.height), to: (r.width, r.height)).m,
                queryRegion: Self.fractions(match.queryInlierBounds, q.width, q.height),
                referenceRegion: Self.fractions(match.referenceInlierBounds, r.width, r.height))
            signals.geometry = geometry
            signals.alignment = alignment(prepared, reference: r, found, geometry: geometry, signals: signals, scorer: scorer)
            return
        } else if let box = part {
            let shift = Homography.translation(x: -Double(box.x), y: -Double(box.y))
            transform = Homography.stretching(from: (box.width, box.height), to: (r.width, r.height)).composed(after: shift)
            let fractions = [Float(box.x) / Float(q.width), Float(box.y) / Float(q.height),
                             Float(box.x + box.width) / Float(q.width), Float(box.y + box.height) / Float(q.height)]
            signals.geometry = GeometrySummary(
                model: Self.regionModel, inliers: 0, tentativeMatches: 0,
                scale: Float(r.width) / Float(box.width), rotationDegrees: 0, mirrored: false,
                matrix: transform.inUnitCoordinates(from: (q.width, q.height), to: (r.width, r.height)).m,
                queryRegion: fractions, referenceRegion: [0, 0, 1, 1])
            region = fractions
        } else {
            let turn = (signals.pdqDistance ?? 256) <= 64 ? signals.pdqTransform ?? .original : .original
            let turned = turn.homography(width: q.width, height: q.height)
            let size = turn.swapsAxes ? (q.height, q.width) : (q.width, q.height)
            transform = Homography.stretching(from: size, to: (r.width, r.height)).composed(after: turned)
        }
        signals.alignment = comparator.compare(query: q, planes: prepared.planes, reference: r, queryToReference: transform, region: region)
    }

    /// Whether a query may mirror a reference: the reference's local-feature votes came from
    /// the query's mirror image (or its mirror image was not searched), or PDQ finds the pair
    /// closest under a mirroring transform within `distance` bits
    /// (``VerificationSettings/mirrorPDQDistance``). Otherwise the query's mirror image is not
    /// matched with the reference's features: a flipped copy, crop or paste wins its votes
    /// mirrored, while the mirrored attempt would double the feature matching of every
    /// candidate of an unrelated image.
    public static func mirrorIsLikely(_ signals: Signals, votedMirrored: Bool, within distance: Int) -> Bool {
        votedMirrored || ((signals.pdqTransform?.mirrors ?? false) && (signals.pdqDistance ?? 256) <= distance)
    }

    /// The measures of a pair related by local features.
    ///
    /// The part of the query where the features agree is compared on its own, so that a copy
    /// pasted into another picture is judged on itself. When that part is a small spot of the
    /// overlap, the overlap is compared too: if `scorer` flags it, the query copies the whole
    /// (its features just cluster) and the overlap's measures stand; if not, only the spot is a
    /// copy, and its measures stand with coverages of the spot's extent, so the pair grades
    /// `partial`.
    private func alignment(_ prepared: PreparedQuery, reference r: Raster, _ transform: Homography, geometry: GeometrySummary,
                           signals: Signals, scorer: Scorer) -> AlignmentMeasures {
        let q = prepared.view.raster
        let settings = scorer.configuration.verification
        guard Self.area(geometry.referenceRegion) >= settings.smallestComparedPart else {
            return comparator.compare(query: q, planes: prepared.planes, reference: r, queryToReference: transform, region: nil)
        }
        let spot = comparator.compare(query: q, planes: prepared.planes, reference: r, queryToReference: transform, region: geometry.queryRegion)
        let overlap = comparator.overlapRegion(query: q, reference: r, queryToReference: transform)
        guard Self.area(geometry.queryRegion) < settings.agreementShare * Self.area(overlap) else { return spot }
        let whole = comparator.compare(query: q, planes: prepared.planes, reference: r, queryToReference: transform, region: overlap)
        var judged = signals
        judged.alignment = whole
        if scorer.score(judged) >= scorer.thresholds.flagScore { return whole }
        var part = spot
        part.queryCoverage = min(part.queryCoverage, Self.area(geometry.queryRegion))
        part.referenceCoverage = min(part.referenceCoverage, Self.area(geometry.referenceRegion))
        return part
    }

    static func area(_ r: [Float]) -> Float { max(0, r[2] - r[0]) * max(0, r[3] - r[1]) }

    static func fractions(_ b: InlierBounds, _ width: Int, _ height: Int) -> [Float] {
        [b.minX / Float(width), b.minY / Float(height), b.maxX / Float(width), b.maxY / Float(height)]
    }
}
