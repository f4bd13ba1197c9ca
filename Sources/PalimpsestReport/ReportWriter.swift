import PalimpsestCore
import Foundation
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestMatch

/// Writes a run's reports from the ledger into `<directory>/<run-id>/`: the pictures of every
/// flagged finding under `images/`, then a file for every format of ``formats``
/// (`report.json`, `report.html` and `findings.csv` by default). Each file's SHA-256 is recorded
/// in the ledger, where `palimpsest ledger verify` checks it.
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
    /// The files written for a run.
    public var formats: [any ReportFormat]

    /// Creates a writer that reads images within the given limits.
    public init(ledger: Ledger, decode: DecodeOptions = DecodeOptions(), jobs: Int = OrderedParallel.cores,
                formats: [any ReportFormat] = ReportFormats.all) {
        self.ledger = ledger
        figures = FigureRenderer(decode: decode)
        self.jobs = jobs
        self.formats = formats
    }

    /// Writes every report file of run `runID` and records each in the ledger.
    ///
    /// - Throws: ``LedgerError/unknownRun(_:)``, or a file system error when the folder
    ///   cannot be written.
    @discardableResult
    public func write(runID: String, under directory: String) throws -> WrittenReport {
        let report = try ReportBuilder(ledger: ledger).report(runID: runID)
        let folder = URL(fileURLWithPath: directory).appendingPathComponent(runID)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
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
        let context = ReportContext(
            report: report, figures: Dictionary(uniqueKeysWithValues: rendered.map { ($0.id, $0.figures) }),
            metadata: try metadata(runID: runID), auditThumbnails: thumbnails, renderedAt: Ledger.timestamp())
        var files: [String: String] = [:]
        for format in formats {
            files[format.fileName] = try store(try format.render(context), at: format.fileName, in: folder, runID: runID)
        }
        return WrittenReport(runID: runID, files: files, picturePaths: picturePaths, report: report)
    }

    /// Writes a file into the run's folder and records it, with its SHA-256, in the ledger.
    private func store(_ bytes: [UInt8], at relativePath: String, in folder: URL, runID: String) throws -> String {
        let url = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
        try ledger.record(ReportRecord(runId: runID, path: url.path, sha256: Digest.sha256Hex(bytes), createdAt: Ledger.timestamp()))
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
