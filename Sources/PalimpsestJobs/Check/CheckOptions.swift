import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import PalimpsestMatch

/// What a ``CheckService`` serves and where it keeps what it records.
public struct CheckOptions: Sendable {
    /// The corpora loaded at start and matched against unless a check names a subset.
    public var corpora: [String]
    /// Every number of matching and grading, recorded with each check.
    public var configuration = MatchingConfiguration()
    /// The grade rules of ``configuration``.
    public var thresholds: Thresholds {
        get { configuration.grading }
        set { configuration.grading = newValue }
    }
    /// Where run folders with `report.json`, `report.html` and pictures are written.
    public var reportDirectory = "Reports"
    /// How many subsets of ``corpora`` keep a matcher of their own between reloads.
    public var cachedSubsets = 4

    /// Options for serving `corpora`.
    public init(corpora: [String]) {
        self.corpora = corpora
    }

    /// Where uploaded images are kept, by SHA-256: `<reportDirectory>/uploads`.
    public var uploadDirectory: String { reportDirectory + "/uploads" }
}
