import CSV
import Foundation
import PalimpsestCore

/// `findings.csv`: one row per query with its best reference, for spreadsheets and scripts.
///
/// Columns: `query`, `best_reference`, `corpus`, `grade`, `score` (three decimals). A query with
/// no candidate has empty reference and corpus, grade `none` and score 0. Fields are quoted as
/// RFC 4180 says; a field that a spreadsheet would run as a formula (it begins with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) is written with a leading `'`, so that opening the
/// file runs nothing.
public struct FindingsCSVFormat: ReportFormat {
    public let fileName = "findings.csv"

    /// The header row.
    public static let header = ["query", "best_reference", "corpus", "grade", "score"]

    /// The format.
    public init() {}

    public func render(_ context: ReportContext) throws -> [UInt8] {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        try writer.write(row: Self.header)
        for finding in context.report.findings {
            let best = finding.matches.first
            try writer.write(row: [finding.query.path, best?.reference.path ?? "", best?.reference.corpus ?? "", finding.grade,
                                   String(format: "%.3f", finding.score)].map(Self.inert))
        }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return [] }
        return Array(data) + Array("\r\n".utf8)
    }

    /// `field` with a leading `'` when a spreadsheet would take it for a formula.
    public static func inert(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return field }
        return "'" + field
    }
}
