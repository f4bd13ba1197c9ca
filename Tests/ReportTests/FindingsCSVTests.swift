import CSV
import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

/// `findings.csv`, the report format for spreadsheets: one row per finding with its best reference.
@Suite("findings.csv")
struct FindingsCSVTests {
    @Test func aScanWritesOneRowPerFindingWithItsBestReference() throws {
        // Given a scan of a copy of nasa-05.jpg and an unrelated image
        let sample = try ScannedSample()
        defer { try? FileManager.default.removeItem(at: sample.directory) }
        let folder = URL(fileURLWithPath: try #require(sample.outcome.reportPath)).deletingLastPathComponent()

        // When its findings.csv is read back with a CSV parser
        let text = try String(contentsOf: folder.appendingPathComponent("findings.csv"), encoding: .utf8)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }

        // Then it has the header, a row per finding, and the copy's row names its source
        #expect(reader.headerRow == FindingsCSVFormat.header)
        #expect(rows.count == sample.outcome.report.findings.count)
        let copy = try #require(rows.first { $0[0] == sample.flagged.query.path })
        #expect(copy[1].hasSuffix("nasa-05.jpg") && copy[2] == "sample" && copy[3] == sample.flagged.grade)
        #expect(Double(copy[4]).map { abs($0 - sample.flagged.score) < 0.0005 } == true)
        #expect(try sample.ledger.reports(forRun: sample.outcome.runID).contains { $0.path.hasSuffix("/findings.csv") })
    }

    @Test func aFieldASpreadsheetWouldRunIsWrittenInert() {
        #expect(FindingsCSVFormat.inert("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
        #expect(FindingsCSVFormat.inert("@SUM(A1)") == "'@SUM(A1)")
        #expect(FindingsCSVFormat.inert("queries/a,b.png") == "queries/a,b.png")
    }
}
