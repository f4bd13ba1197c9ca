import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// What `POST /v1/check` and `GET /v1/findings/{id}` answer: the finding in exactly the shape
/// `report.json` gives it (``ScanReport/Finding``), the run it was recorded as, and where to
/// fetch it again.
struct Verdict: Encodable {
    /// Where the finding and its report can be fetched.
    struct Links: Encodable {
        var finding: String
        var report: String
    }

    /// The run the finding belongs to.
    var runId: String
    /// Whether the finding's grade is anything but `none`.
    var flagged: Bool
    /// The finding.
    var finding: ScanReport.Finding
    /// Decoder warnings, for a check just made.
    var warnings: [String]?
    /// Links to the finding and its run's report.
    var links: Links

    init(runID: String, finding: ScanReport.Finding, warnings: [String]? = nil) {
        runId = runID
        flagged = (Grade(rawValue: finding.grade) ?? .none).isFlagged
        self.finding = finding
        self.warnings = warnings
        links = Links(finding: "/v1/findings/\(finding.id)", report: "/v1/runs/\(runID)/report.html")
    }
}
