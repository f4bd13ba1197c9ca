import Foundation
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// Writes a run's reports from the ledger into `<directory>/<run-id>/`: `report.json`,
/// `report.html` and the pictures of every flagged finding under `images/`. Each file's
/// SHA-256 is recorded in the ledger, where `palimpsest ledger verify` checks it.
///
/// ```swift
/// let written = try ReportWriter(ledger: ledger).write(runID: "20261121T093000Z-3fa9c1", under: "Reports")
/// print(written.htmlPath)
/// ```
public struct ReportWriter: Sendable {
    /// The ledger the run is recorded in.
    public let ledger: Ledger
    /// Makes the pictures.
    public var figures: FigureRenderer
    /// Threads used to make pictures.
    public var jobs: Int

    /// Creates a writer that reads images within the given limits.
    public init(ledger: Ledger, decode: DecodeOptions = DecodeOptions(), jobs: Int = OrderedParallel.cores) {
        self.ledger = ledger
        figures = FigureRenderer(decode: decode)
        self.jobs = jobs
    }

    /// Writes every report file of run `runID` and records each in the ledger.
    ///
    /// - Throws: ``LedgerError/unknownRun(_:)``, or a file system error when the folder
    ///   cannot be written.
    @discardableResult
    public func write(runID: String, under directory: String) throws -> WrittenReport {
        let builder = ReportBuilder(ledger: ledger)
        let jsonPath = try builder.writeJSON(runID: runID, under: directory)
        let folder = URL(fileURLWithPath: jsonPath).deletingLastPathComponent()
        let report = try builder.report(runID: runID)
        let rendered = render(report)

        var picturePaths: [String] = []
        for file in rendered.flatMap(\.files) {
            picturePaths.append(try store(file.bytes, at: file.path, in: folder, runID: runID))
        }
        var thumbnails: [String: ReportPicture] = [:]
        for thumbnail in report.audit.map({ AuditThumbnails(decode: figures.decode).render($0) }) ?? [] {
            picturePaths.append(try store(thumbnail.bytes, at: thumbnail.picture.path, in: folder, runID: runID))
            thumbnails[thumbnail.path] = thumbnail.picture
        }
        let page = HTMLReportRenderer(
            report: report, figures: Dictionary(uniqueKeysWithValues: rendered.map { ($0.id, $0.figures) }),
            metadata: try metadata(runID: runID), renderedAt: Ledger.timestamp(), auditThumbnails: thumbnails).page()
        let htmlURL = folder.appendingPathComponent("report.html")
        let html = Data(page.utf8)
        try html.write(to: htmlURL, options: .atomic)
        try ledger.record(ReportRecord(runId: runID, path: htmlURL.path, sha256: Fingerprinter.sha256Hex(html), createdAt: Ledger.timestamp()))
        return WrittenReport(runID: runID, jsonPath: jsonPath, htmlPath: htmlURL.path, picturePaths: picturePaths, report: report)
    }

    /// Writes a picture file into the run's folder and records it, with its SHA-256, in the ledger.
    private func store(_ bytes: [UInt8], at relativePath: String, in folder: URL, runID: String) throws -> String {
        let url = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
        try ledger.record(ReportRecord(runId: runID, path: url.path, sha256: Fingerprinter.sha256Hex(bytes), createdAt: Ledger.timestamp()))
        return url.path
    }

    /// The pictures of every flagged finding, in parallel.
    func render(_ report: ScanReport) -> [(id: Int64, figures: FindingFigures, files: [(path: String, bytes: [UInt8])])] {
        let flagged = report.findings.filter { (Grade(rawValue: $0.grade) ?? .none).isFlagged && !$0.matches.isEmpty }
        var out: [(id: Int64, figures: FindingFigures, files: [(path: String, bytes: [UInt8])])] = []
        let renderer = figures
        OrderedParallel.run(flagged, jobs: jobs, work: { renderer.render($0) }, emit: { i, rendered in
            out.append((flagged[i].id, rendered.figures, rendered.files))
        })
        return out
    }

    /// Metadata recorded for the run's images, by SHA-256.
    func metadata(runID: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for stored in try ledger.findings(inRun: runID) {
            for image in [stored.query] + stored.candidates.map(\.reference) {
                if let text = image.metadata { out[image.sha256] = text }
            }
        }
        return out
    }
}
