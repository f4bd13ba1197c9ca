import Foundation
import Palimpsest
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// What the HTML report of a real scan shows, and how it is written and recorded.
@Suite("HTML report", .serialized)
struct HTMLReportTests {
    let sample: ScannedSample

    init() throws {
        sample = try ScannedSample()
    }

    private func page() throws -> String {
        try String(contentsOfFile: try #require(sample.outcome.reportPath).replacingOccurrences(of: "report.json", with: "report.html"), encoding: .utf8)
    }

    @Test("a scan writes report.html beside report.json, with a section for the flagged finding")
    func scanWritesPage() throws {
        let page = try page()

        #expect(page.contains("id=\"finding-\(sample.flagged.id)\""))
        #expect(page.contains("href=\"#finding-\(sample.flagged.id)\""))
        #expect(page.contains("<svg class=\"histogram\""))
    }

    @Test("the page says what embedding similarities were normalised against: the panel, by name and size")
    func pageNamesEmbeddingBackground() throws {
        let page = try page()
        let panel = BackgroundPanels.standard

        #expect(page.contains("<dt>Embedding background</dt><dd>the fixed panel \(panel.name), \(panel.count) images"))
        #expect(sample.outcome.report.run.configuration?.retrieval.embeddingBackground.panelDigest == panel.digest)
    }

    @Test("the page says what local-feature votes were weighed against: the code panel, by name and size")
    func pageNamesVoteBackground() throws {
        let page = try page()
        let panel = CodePanels.standard

        #expect(page.contains("<dt>Local-feature votes weighed against</dt><dd>the fixed code panel \(panel.name), \(panel.codeCount) codes of \(panel.imageCount) images"))
        #expect(sample.outcome.report.run.configuration?.retrieval.voteBackground.panelDigest == panel.digest)
    }

    @Test("every picture the page shows is a file beside it, listed with its SHA-256")
    func picturesListedWithHashes() throws {
        let page = try page()
        let folder = URL(fileURLWithPath: try #require(sample.outcome.reportPath)).deletingLastPathComponent()
        let sources = page.components(separatedBy: "src=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }

        #expect(sources.count >= 4)
        for source in Set(sources) {
            let data = try Data(contentsOf: folder.appendingPathComponent(source))
            #expect(page.contains(Digest.sha256Hex(data)), "\(source) is not listed with its SHA-256")
        }
    }

    @Test("the page's Content-Security-Policy allows exactly its own script")
    func scriptHashMatchesPolicy() throws {
        let page = try page()
        let script = try #require(page.components(separatedBy: "<script>").last?.components(separatedBy: "</script>").first)
        var digest = Data()
        let hex = Digest.sha256Hex(Data(script.utf8))
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            digest.append(UInt8(hex[index ..< next], radix: 16)!)
            index = next
        }

        // In the attribute, the policy's quotes are character references.
        #expect(page.contains("script-src &#39;sha256-\(digest.base64EncodedString())&#39;;"))
    }

    @Test("the report, the page and every picture are recorded in the ledger, which verifies")
    func filesRecorded() throws {
        let recorded = Set(try sample.ledger.reports(forRun: sample.outcome.runID).map { ($0.path as NSString).lastPathComponent })

        #expect(recorded.isSuperset(of: ["report.json", "report.html", "finding-\(sample.flagged.id)-aligned.jpg",
                                         "finding-\(sample.flagged.id)-difference.jpg"]))
        #expect(try sample.ledger.verifyChain().isIntact)
    }

    @Test("re-rendering from the ledger writes the same findings again and records the new files")
    func reRendering() throws {
        let folder = URL(fileURLWithPath: try #require(sample.outcome.reportPath)).deletingLastPathComponent()
        try FileManager.default.removeItem(at: folder)

        let written = try ReportWriter(ledger: sample.ledger).write(runID: sample.outcome.runID, under: sample.path("Reports"))

        #expect(written.report.findings.map(\.id) == sample.outcome.report.findings.map(\.id))
        #expect(try page().contains("id=\"finding-\(sample.flagged.id)\""))
        #expect(written.picturePaths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        #expect(try sample.ledger.verifyChain().isIntact)
    }

    @Test("a query that changed since the scan is left out of the pictures, and the page says why")
    func changedQueryExplained() throws {
        try Data("changed".utf8).write(to: URL(fileURLWithPath: sample.flagged.query.path))

        let figures = FigureRenderer().render(sample.flagged)

        #expect(figures.figures.query == nil)
        #expect(figures.figures.alignedReference == nil)
        #expect(figures.figures.notes.contains { $0.contains("has changed since the scan") })
    }
}
