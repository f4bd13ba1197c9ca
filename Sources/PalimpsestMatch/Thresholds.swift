/// The numbers behind every grade: versioned, recorded with each run, and overridable.
///
/// The defaults and how they were chosen are documented in the README's section on accuracy.
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
    /// A scan flags at 0.5, where the development benchmark's cross-validated precision is
    /// 99.5%: few false accusations, at the cost of missing heavily restyled copies. An audit
    /// counts instead, and its memorization rate is unbiased where the copies it misses and the
    /// unrelated outputs it counts balance. On the development benchmark (162 copies, 239
    /// unrelated or restyled unrelated images), 0.5 misses 10 copies and counts no unrelated
    /// image: a rate about 2 points low when 30% of outputs are copies. 0.03 and 0.05 miss 3
    /// and count 1 (0.3 points low); below, restyled unrelated images start to count (14 at
    /// 0.02), and above, restyled copies drop out (8 missed at 0.1).
    public static var audit: Thresholds {
        var thresholds = Thresholds()
        thresholds.flagScore = auditFlagScore
        return thresholds
    }
}
