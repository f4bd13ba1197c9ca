import PalimpsestReport

/// What ``ReportWriter`` wrote for a run.
public struct WrittenReport: Sendable {
    /// The run.
    public var runID: String
    /// `report.json`.
    public var jsonPath: String
    /// `report.html`.
    public var htmlPath: String
    /// The picture files beside the page.
    public var picturePaths: [String]
    /// The report's content.
    public var report: ScanReport
}
