import PalimpsestCore

/// What ``ReportWriter`` wrote for a run.
public struct WrittenReport: Sendable {
    /// The run.
    public var runID: String
    /// The path of each format's file, by the format's file name (``ReportFormat/fileName``).
    public var files: [String: String]
    /// The picture files beside the page.
    public var picturePaths: [String]
    /// The report's content.
    public var report: ScanReport

    /// `report.json`.
    public var jsonPath: String { files[JSONReportFormat().fileName] ?? "" }
    /// `report.html`.
    public var htmlPath: String { files[HTMLReportFormat().fileName] ?? "" }
}
