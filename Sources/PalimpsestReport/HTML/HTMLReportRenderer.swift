import PalimpsestCore
import Foundation
import PalimpsestMatch

/// Renders a run's report as one self-contained HTML page for people: a run summary, the
/// flagged queries worst first, and for each flagged query the evidence — aligned pictures,
/// overlay, difference heatmap, tile grid, every signal with its threshold and reading, and
/// the files' facts.
///
/// The page needs nothing but its pictures (listed on it with their SHA-256): CSS is inline,
/// and its one small script only drives the overlay sliders. All text that comes from files
/// goes through ``HTML``, which escapes it.
///
/// ```swift
/// let page = HTMLReportRenderer(report: report, figures: figures, renderedAt: Ledger.timestamp()).page()
/// ```
public struct HTMLReportRenderer: Sendable {
    /// The run's report, as `report.json` holds it.
    public var report: ScanReport
    /// The pictures of each flagged finding, by finding id.
    public var figures: [Int64: FindingFigures]
    /// Metadata text extracted from images, by SHA-256, shown with the file facts.
    public var metadata: [String: String]
    /// When the page is rendered (ISO 8601, UTC).
    public var renderedAt: String
    /// For audits: thumbnails of clustered outputs, by output path.
    public var auditThumbnails: [String: ReportPicture]

    /// Creates a renderer.
    public init(report: ScanReport, figures: [Int64: FindingFigures] = [:], metadata: [String: String] = [:], renderedAt: String,
                auditThumbnails: [String: ReportPicture] = [:]) {
        self.report = report
        self.figures = figures
        self.metadata = metadata
        self.renderedAt = renderedAt
        self.auditThumbnails = auditThumbnails
    }

    /// The thresholds the run was graded with (the defaults when it did not record them).
    var thresholds: Thresholds { report.run.thresholds ?? Thresholds() }

    /// Flagged findings, worst grade first, then highest score.
    var flagged: [ScanReport.Finding] {
        report.findings.filter { severity($0.grade) > 0 }.sorted {
            (severity($0.grade), $0.score, -$0.id) > (severity($1.grade), $1.score, -$1.id)
        }
    }

    /// The whole run as one page.
    public func page() -> String {
        let flagged = self.flagged
        let body: HTML = """
            <nav class="toc" aria-label="Contents"><a href="#summary">Summary</a><a href="#flagged">Flagged (\(flagged.count))</a>\
            <a href="#unflagged">Not flagged (\(report.findings.count - flagged.count))</a><a href="#errors">Errors (\(report.errors.count))</a>\
            <a href="#files">Picture files</a></nav>
            <main>
            \(summarySection())
            \(auditSection())
            \(flaggedTable(flagged))
            \(flagged.map { findingSection($0) })
            \(unflaggedSection())
            \(errorSection())
            \(pictureFileSection())
            </main>
            """
        return document(title: "Palimpsest report — run \(report.run.id)",
                        heading: "Palimpsest report", subtitle: "Run \(report.run.id) · \(report.run.command) · \(report.run.startedAt)",
                        body: body)
    }

    /// A page holding one finding alone (for evidence bundles), or `nil` when the run has no
    /// such finding.
    public func findingPage(id: Int64) -> String? {
        guard let finding = report.findings.first(where: { $0.id == id }) else { return nil }
        let body: HTML = """
            <main>
            \(runFacts())
            \(findingSection(finding))
            \(pictureFileSection(only: id))
            </main>
            """
        return document(title: "Palimpsest evidence — finding \(id)", heading: "Palimpsest evidence: finding \(id)",
                        subtitle: "Run \(report.run.id) · \(finding.query.path)", body: body)
    }

    private func document(title: String, heading: String, subtitle: String, body: HTML) -> String {
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="\(ReportScript.contentSecurityPolicy)">
            <meta name="generator" content="Palimpsest \(report.run.toolVersion)">
            <title>\(title)</title>
            <style>
            \(HTML(trusted: ReportStylesheet.css))
            </style>
            </head>
            <body>
            <header class="masthead"><h1>\(heading)</h1><p>\(subtitle)</p></header>
            \(body)
            <footer>Rendered \(renderedAt) by Palimpsest \(report.run.toolVersion) from the ledger. The ledger records the SHA-256 of \
            this page, of report.json and of every picture; <code>palimpsest ledger verify</code> checks them. Pictures are \
            illustrations made for this page; the files as received are identified by their SHA-256 above.</footer>
            <script>\(HTML(trusted: ReportScript.source))</script>
            </body>
            </html>

            """
        return page.markup
    }

    /// A grade's severity (0 for `none` or an unknown grade).
    func severity(_ grade: String) -> Int {
        Grade(rawValue: grade)?.severity ?? 0
    }

    /// The last component of a path, for headings; the full path is always shown too.
    func fileName(_ path: String) -> String {
        (path as NSString).lastPathComponent
    }

    /// A grade as a coloured badge.
    func badge(_ grade: String) -> HTML {
        "<span class=\"grade grade-\(cssName(grade))\">\(grade)</span>"
    }

    /// A grade as a CSS class suffix (letters and dashes only).
    func cssName(_ grade: String) -> String {
        let name = String(grade.lowercased().unicodeScalars.filter { CharacterSet.lowercaseLetters.contains($0) || $0 == "-" })
        return Grade(rawValue: name) == nil ? "none" : name
    }

    /// A byte count for people.
    func bytes(_ count: Int64?) -> String {
        guard let count else { return "—" }
        return ByteCountFormatter.string(fromByteCount: count, countStyle: .file) + " (\(count) bytes)"
    }

    /// A number with fixed decimals.
    func number(_ value: Double, _ digits: Int = 3) -> String {
        String(format: "%.\(digits)f", value)
    }
}
