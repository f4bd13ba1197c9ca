import PalimpsestCore

/// A file a run's report is written as, in the run's folder beside the others.
///
/// Adding a format takes a type that conforms to this protocol and a line in
/// ``ReportFormats/all``: ``ReportWriter`` writes every listed format and records each file,
/// with its SHA-256, in the ledger.
///
/// ```swift
/// struct PlainTextFormat: ReportFormat {
///     let fileName = "report.txt"
///     func render(_ context: ReportContext) throws -> [UInt8] {
///         Array(context.report.findings.map { "\($0.query.path) \($0.grade)" }.joined(separator: "\n").utf8)
///     }
/// }
/// ```
public protocol ReportFormat: Sendable {
    /// The file's name in the run's folder.
    var fileName: String { get }
    /// The file's bytes.
    func render(_ context: ReportContext) throws -> [UInt8]
}

/// What a format renders from: the report, and what the writer made for it first.
public struct ReportContext: Sendable {
    /// The run's report, as the ledger recorded it.
    public var report: ScanReport
    /// The pictures of each flagged finding, by finding id.
    public var figures: [Int64: FindingFigures]
    /// The metadata recorded for the run's images, by SHA-256.
    public var metadata: [String: String]
    /// The audit's thumbnails, by image path.
    public var auditThumbnails: [String: ReportPicture]
    /// When the report is written (UTC, ISO 8601).
    public var renderedAt: String

    /// Groups what a format renders from.
    public init(report: ScanReport, figures: [Int64: FindingFigures] = [:], metadata: [String: String] = [:],
                auditThumbnails: [String: ReportPicture] = [:], renderedAt: String) {
        self.report = report
        self.figures = figures
        self.metadata = metadata
        self.auditThumbnails = auditThumbnails
        self.renderedAt = renderedAt
    }
}

/// The registry of report formats: every file ``ReportWriter`` writes for a run, in order.
public enum ReportFormats {
    /// Every format. To add one, write its type and list it here.
    public static let all: [any ReportFormat] = [
        JSONReportFormat(),
        HTMLReportFormat(),
        FindingsCSVFormat(),
    ]
}
