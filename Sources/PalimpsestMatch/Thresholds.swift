import PalimpsestCore

/// The numbers behind every grade, part of the ``MatchingConfiguration`` each run records.
///
/// How the defaults were chosen is in `docs/accuracy.md`.
public struct Thresholds: Codable, Sendable, Equatable {
    /// Identifies this set of rules; bump it whenever a default or the scoring model changes.
    public static let currentVersion = "grading-v2"

    /// The version of the rules these values belong to.
    public var version = Thresholds.currentVersion
    /// A pair is flagged (graded above `none`) when its score is at least this.
    public var flagScore = 0.5
    /// PDQ distance at or below which two images are the same picture (Meta's threshold: 31 of 256).
    public var pdqNearDuplicate = 31
    /// PDQ hashes of lower quality are not trusted for a near-duplicate grade.
    public var pdqMinimumQuality = 50
    /// pHash distance at or below which two images are the same picture (of 64).
    public var phashNearDuplicate = 6
    /// How many candidates each signal proposes before fusion.
    public var candidatesPerSignal = 16
    /// How many of the best candidates are verified with local features and alignment.
    public var verifiedCandidates = 6
    /// After alignment, edge agreement at or above which (with ``nearDuplicateTiles``) the
    /// pair is the same picture rather than a restyled one.
    public var nearDuplicateEdges: Float = 0.8
    /// Fraction of matching tiles needed, with ``nearDuplicateEdges``, for a near-duplicate.
    public var nearDuplicateTiles: Float = 0.85
    /// A verified pair is `partial` when the reference covers less than this fraction of the
    /// query (a pasted part) or the query shows less than this fraction of the reference (a crop).
    public var partialCoverage: Float = 0.6
    /// Derivatives whose edge agreement is at least this are `light`.
    public var lightDerivativeEdges: Float = 0.75
    /// Derivatives whose edge agreement is at least this (and below the light band) are `medium`; below, `heavy`.
    public var mediumDerivativeEdges: Float = 0.5

    /// The defaults.
    public init() {}

    /// The flag score of ``audit``.
    public static let auditFlagScore = 0.05

    /// The defaults with the audit's operating point: a flag score of ``auditFlagScore``
    /// instead of 0.5.
    ///
    /// A scan flags at 0.5, where precision is kept high: few false accusations, at the cost of
    /// missing heavily restyled copies. An audit counts instead, and its memorization rate is
    /// unbiased where the copies it misses and the unrelated outputs it counts balance; see
    /// `docs/audit.md` for how this point was chosen and its limits.
    public static var audit: Thresholds {
        var thresholds = Thresholds()
        thresholds.flagScore = auditFlagScore
        return thresholds
    }
}
