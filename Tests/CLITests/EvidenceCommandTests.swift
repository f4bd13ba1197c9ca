import Foundation
import GRDB
import Palimpsest
import PalimpsestTestSupport
import Testing

/// End-to-end behaviour of `palimpsest report`, `ledger verify`, `ledger export` and
/// `evidence`, run as a user would, on a small scan: three sample corpus images, and two
/// queries of which one (gen-09.jpg) copies nasa-05.jpg.
@Suite("report, ledger and evidence commands", .serialized)
struct EvidenceCommandTests {
    let cli: CommandRunner
    let work: URL
    let runID: String
    let reportPath: String
    var ledger: String { work.appendingPathComponent("ledger.sqlite").path }
    var reports: String { work.appendingPathComponent("reports").path }

    init() throws {
        cli = try CommandRunner()
        work = try Synthetic.temporaryDirectory()
        let corpus = work.appendingPathComponent("corpus"), queries = work.appendingPathComponent("queries")
        for folder in [corpus, queries] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for name in ["nasa-05.jpg", "birds-12.png", "toys-15.png"] {
            try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("corpus/\(name)"), to: corpus.appendingPathComponent(name))
        }
        for name in ["gen-09.jpg", "gen-13.jpg"] {
            try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("generated/\(name)"), to: queries.appendingPathComponent(name))
        }
        let add = try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", work.appendingPathComponent("ledger.sqlite").path, corpus.path])
        try #require(add.status == 0, "corpus add failed: \(add.stderr)")
        let scan = try cli.run(["scan", queries.path, "--against", "sample", "--ledger", work.appendingPathComponent("ledger.sqlite").path,
                                "--report-dir", work.appendingPathComponent("reports").path])
        try #require(scan.status == 3, "scan failed: \(scan.stderr)")
        reportPath = String(try #require(scan.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }?.dropFirst(8)))
        runID = URL(fileURLWithPath: reportPath).deletingLastPathComponent().lastPathComponent
    }

    /// The flagged finding's id.
    private func flaggedID() throws -> Int64 {
        try #require(try Ledger(path: ledger).findings(inRun: runID).first { $0.finding.bestGrade != "none" }?.finding.id)
    }

    /// Edits the ledger file directly, as the sqlite3 shell would: foreign keys off, triggers dropped first.
    private func tamper(_ sql: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        try DatabaseQueue(path: ledger, configuration: configuration).write { db in
            for trigger in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'") {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
            try db.execute(sql: sql)
        }
    }

    @Test("ledger verify passes on an untouched ledger and prints the head")
    func verifyUntouched() throws {
        let result = try cli.run(["ledger", "verify", "--ledger", ledger])

        #expect(result.status == 0)
        #expect(result.stdout.contains("ledger intact"))
        #expect(result.stdout.contains("head: entry"))
    }

    /// The four tamperings of the acceptance criteria, each as SQL or a file edit.
    enum Tampering: String, CaseIterable, CustomTestStringConvertible {
        case updatedScore, deletedFinding, forgedFinding, editedReport
        var testDescription: String { rawValue }
    }

    @Test("ledger verify fails, naming the entry, after the ledger or a report is tampered with", arguments: Tampering.allCases)
    func verifyTampered(_ tampering: Tampering) throws {
        let id = try flaggedID()
        let expected: String
        switch tampering {
        case .updatedScore:
            try tamper("UPDATE finding SET best_score = 0.01 WHERE id = \(id)")
            expected = "finding \(id) was changed"
        case .deletedFinding:
            try tamper("DELETE FROM candidate WHERE finding_id = \(id); DELETE FROM finding WHERE id = \(id)")
            expected = "finding \(id) is no longer in the ledger"
        case .forgedFinding:
            try tamper("""
                INSERT INTO finding (id, run_id, query_path, image_id, best_grade, best_score, created_at)
                SELECT 999, run_id, 'forged.png', image_id, 'exact', 1.0, created_at FROM finding LIMIT 1
                """)
            expected = "finding 999 is in no chain entry"
        case .editedReport:
            try Data("{}".utf8).write(to: URL(fileURLWithPath: reportPath))
            expected = "report.json was changed"
        }

        let result = try cli.run(["ledger", "verify", "--ledger", ledger])

        #expect(result.status == 2)
        #expect(result.stderr.contains(expected), "stderr: \(result.stderr)")
        #expect(tampering == .forgedFinding || tampering == .editedReport || result.stderr.contains("FAILED: entry "))
    }

    @Test("ledger export writes one self-consistent JSON line per entry")
    func export() throws {
        let result = try cli.run(["ledger", "export", "--ledger", ledger])

        let entries = try result.stdout.split(separator: "\n").map { try JSONCoding.decoder.decode(ChainedEntry.self, from: Data($0.utf8)) }
        #expect(result.status == 0)
        #expect(entries.map(\.seq) == Array(1 ... Int64(entries.count)))
        #expect(entries.filter(\.isSelfConsistent).count == entries.count)
        #expect(result.stderr.contains("head: entry \(entries.count) \(entries.last?.entrySha256 ?? "")"))
    }

    @Test("report re-renders report.json and report.html from the ledger")
    func reportReRenders() throws {
        let folder = URL(fileURLWithPath: reportPath).deletingLastPathComponent()
        try FileManager.default.removeItem(at: folder)

        let result = try cli.run(["report", runID, "--ledger", ledger, "--report-dir", reports])

        #expect(result.status == 0)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("id=\"finding-\(try flaggedID())\""))
        #expect(FileManager.default.fileExists(atPath: reportPath))
        #expect(try cli.run(["ledger", "verify", "--ledger", ledger]).status == 0)
    }

    @Test("report with an unknown run id exits 1 and says so")
    func reportUnknownRun() throws {
        let result = try cli.run(["report", "no-such-run", "--ledger", ledger, "--report-dir", reports])

        #expect(result.status == 1)
        #expect(result.stderr.contains("no run with id no-such-run"))
    }

    @Test("a signed bundle made by the CLI verifies with the signer's key and fails with another or once changed")
    func evidenceRoundTrip() throws {
        let key = work.appendingPathComponent("signer.key").path, other = work.appendingPathComponent("other.key").path
        let bundle = work.appendingPathComponent("finding.zip").path
        #expect(try cli.run(["evidence", "keygen", "--out", key]).status == 0)
        #expect(try cli.run(["evidence", "keygen", "--out", other]).status == 0)

        let made = try cli.run(["evidence", String(try flaggedID()), "--out", bundle, "--sign", key, "--ledger", ledger])
        #expect(made.status == 0, "\(made.stderr)")

        #expect(try cli.run(["evidence", "verify", bundle, "--key", key + ".pub"]).status == 0)
        let wrongKey = try cli.run(["evidence", "verify", bundle, "--key", other + ".pub"])
        #expect(wrongKey.status == 2)
        #expect(wrongKey.stderr.contains("not by the trusted key"))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: bundle))
        bytes[bytes.count / 3] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: bundle))
        #expect(try cli.run(["evidence", "verify", bundle, "--key", key + ".pub"]).status != 0)
    }
}
