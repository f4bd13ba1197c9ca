import Foundation
import PalimpsestCore
import PalimpsestMatch
import PalimpsestReport
import Testing

/// Text from files can only ever appear as text in a report page.
@Suite("HTML escaping")
struct HTMLEscapingTests {
    static let hostile = "<img src=x onerror=alert(1)>.png"

    @Test("a hostile file name is escaped in element content")
    func hostileNameInContent() {
        let cell: HTML = "<td>\(Self.hostile)</td>"

        #expect(cell.markup == "<td>&lt;img src=x onerror=alert(1)&gt;.png</td>")
    }

    @Test("quotes are escaped, so a value cannot leave its attribute")
    func quotesInAttribute() {
        let value = "\" onmouseover=\"alert(1)' x='"

        let tag: HTML = "<a title=\"\(value)\">"

        #expect(tag.markup == "<a title=\"&quot; onmouseover=&quot;alert(1)&#39; x=&#39;\">")
    }

    @Test("ampersands are escaped first, so entities in names stay literal")
    func ampersands() {
        #expect(HTML.escape("&lt;b&gt; & co") == "&amp;lt;b&amp;gt; &amp; co")
    }

    @Test("markup built by the report is kept, and only interpolated text is escaped")
    func nestedFragmentsKept() {
        let inner: HTML = "<b>\(Self.hostile)</b>"

        let outer: HTML = "<p>\(inner)</p>"

        #expect(outer.markup == "<p><b>&lt;img src=x onerror=alert(1)&gt;.png</b></p>")
    }

    @Test("names, paths, metadata and command lines from files appear only escaped in a page")
    func pageEscapesEverythingFromFiles() throws {
        let page = HTMLReportRenderer(report: try Self.hostileReport(), metadata: ["q": "{\"parameters\": \"<script>alert(2)</script>\"}"],
                                      renderedAt: "now").page()

        #expect(!page.contains("<img src=x"))
        #expect(!page.contains("<script>alert"))
        #expect(!page.contains("<svg onload"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;.png"))
        #expect(page.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
        #expect(page.components(separatedBy: "<script").count == 2)
    }

    /// A report whose every file-derived string is hostile, read as `report.json` would be.
    static func hostileReport() throws -> ScanReport {
        let document: [String: Any] = [
            "report_version": "1.0",
            "run": ["id": "run", "command": "scan", "command_line": "palimpsest scan '\(hostile)'", "tool_version": "t",
                    "started_at": "s", "algorithms": ["<i>x</i>": "<script>alert(4)</script>"], "corpora": ["<b>corpus</b>"]],
            "summary": ["queries": 1, "flagged": 1, "errors": 1, "by_grade": ["near-duplicate": 1]],
            "findings": [[
                "id": 1, "grade": "near-duplicate", "score": 0.99,
                "query": ["path": "dir/\(hostile)", "sha256": "q", "format": "png", "width": 10, "height": 10, "file_size": 100],
                "matches": [[
                    "rank": 1, "score": 0.99, "grade": "near-duplicate", "signals": ["same_bytes": false, "same_pixels": false],
                    "reference": ["path": "<svg onload=alert(3)>.jpg", "sha256": "r", "corpus": "<b>corpus</b>", "format": "jpeg"],
                ]],
            ]],
            "errors": [["path": "<svg onload=alert(5)>.jpg", "kind": "corrupt", "message": "<script>alert(6)</script>"]],
        ]
        let data = try JSONSerialization.data(withJSONObject: document)
        return try JSONCoding.decoder.decode(ScanReport.self, from: data)
    }
}
