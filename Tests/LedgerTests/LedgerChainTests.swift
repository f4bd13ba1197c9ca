import Foundation
import GRDB
import Palimpsest
@testable import PalimpsestLedger
import PalimpsestTestSupport
import Testing

/// The ledger is append-only and hash-chained: what was recorded cannot be changed, removed
/// or added to without `verifyChain()` naming the entry, even by editing the SQLite file.
@Suite("Ledger chain", .serialized)
struct LedgerChainTests {
    let directory: URL
    let path: String
    let ledger: Ledger
    let reportFile: URL
    /// The two findings recorded by the fixture.
    var findingIDs: [Int64] = []

    /// Given a file ledger with a run, two findings with candidates, a file error, a report
    /// file and the run's completion.
    init() throws {
        directory = try Synthetic.temporaryDirectory()
        path = directory.appendingPathComponent("ledger.sqlite").path
        ledger = try Ledger(path: path)
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)
        _ = try ledger.add(Self.facts("ref", seed: 1), toCorpus: corpus.id!, path: "ref.png")
        let reference = try #require(try ledger.references(inCorpora: ["c"]).first)
        try ledger.begin(RunRecord(id: "run-1", command: "scan", commandLine: "scan q", toolVersion: "t", startedAt: "2026-01-01T00:00:00Z"))
        var signals = Signals()
        signals.pdqDistance = 4
        for (i, name) in ["q1.png", "q2.png"].enumerated() {
            let candidate = CandidateDraft(referenceImageID: reference.imageID, corpus: "c", referencePath: "ref.png",
                                           score: 0.9, grade: .nearDuplicate, signals: signals)
            findingIDs.append(try ledger.record(FindingDraft(runID: "run-1", queryPath: name, query: Self.facts("q\(i)", seed: UInt64(i + 2)),
                                                             candidates: [candidate])))
        }
        try ledger.record(FileErrorRecord(runId: "run-1", path: "bad.jpg", kind: "corrupt", message: "m", createdAt: "now"))
        reportFile = directory.appendingPathComponent("report.json")
        try Data("{}".utf8).write(to: reportFile)
        try ledger.record(ReportRecord(runId: "run-1", path: reportFile.path, sha256: Fingerprinter.sha256Hex(Data("{}".utf8)), createdAt: "now"))
        try ledger.finishRun(id: "run-1")
    }

    private static func facts(_ sha: String, seed: UInt64) -> ImageFacts {
        var rng = Synthetic.Generator(seed: seed)
        return ImageFacts(format: .png, width: 10, height: 10, fileSize: 100, fingerprints: Synthetic.fingerprints(sha256: sha, &rng))
    }

    /// Edits the ledger file directly, as the sqlite3 shell would (foreign keys off).
    private func tamper(_ sql: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        try DatabaseQueue(path: path, configuration: configuration).write { db in try db.execute(sql: sql) }
    }

    /// The position of the entry covering a row.
    private func seq(_ kind: LedgerEntryKind, _ id: String) throws -> Int64 {
        try #require(try DatabaseQueue(path: path).read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM ledger_entry WHERE kind = ? AND record_id = ?", arguments: [kind.rawValue, id])
        })
    }

    private static let dropTriggers = ChainMigration.triggerNames.map { "DROP TRIGGER \($0);" }.joined()

    @Test("an untouched ledger verifies, with one entry per run, finding, error, report and completion")
    func untouchedLedgerVerifies() throws {
        let result = try ledger.verifyChain()

        #expect(result.isIntact)
        #expect(result.entryCount == 6)
        #expect(result.reportFilesChecked == 1)
        #expect(result.head == (try ledger.chainHead()))
    }

    @Test("each entry stores the hash of the entry before it")
    func entriesAreLinked() throws {
        var entries: [ChainedEntry] = []
        try ledger.exportChain { entries.append($0) }

        #expect(entries.first?.previousSha256 == LedgerEntryRecord.genesis)
        #expect(zip(entries, entries.dropFirst()).allSatisfy { $1.previousSha256 == $0.entrySha256 })
        let consistent = entries.filter(\.isSelfConsistent).count
        #expect(consistent == entries.count)
        #expect(entries.map(\.seq) == Array(1 ... Int64(entries.count)))
    }

    @Test("UPDATE is refused on every append-only table", arguments: ChainMigration.appendOnlyTables)
    func updateRefused(table: String) throws {
        let column = table == "ledger_entry" ? "kind" : table == "run" ? "command" : "id"
        #expect(throws: DatabaseError.self) { try tamper("UPDATE \(table) SET \(column) = \(column)") }
    }

    @Test("DELETE is refused on every append-only table", arguments: ChainMigration.appendOnlyTables)
    func deleteRefused(table: String) throws {
        #expect(throws: DatabaseError.self) { try tamper("DELETE FROM \(table)") }
    }

    @Test("a score changed with the triggers dropped is found, naming the finding's entry")
    func changedScoreFound() throws {
        let id = findingIDs[1]
        try tamper(Self.dropTriggers + "UPDATE candidate SET score = 0.1 WHERE finding_id = \(id)")

        let result = try ledger.verifyChain()

        let first = try #require(result.problems.first)
        guard case let .recordChanged(seq, kind, recordID, _, _) = first else {
            Issue.record("expected a changed record first, got \(first)")
            return
        }
        #expect((seq, kind, recordID) == (try self.seq(.finding, String(id)), .finding, String(id)))
    }

    @Test("a deleted finding is found, naming its entry")
    func deletedFindingFound() throws {
        let id = findingIDs[0]
        try tamper(Self.dropTriggers + "DELETE FROM candidate WHERE finding_id = \(id); DELETE FROM finding WHERE id = \(id)")

        let result = try ledger.verifyChain()

        #expect(result.problems.first == .recordMissing(seq: try seq(.finding, String(id)), kind: .finding, recordID: String(id)))
    }

    @Test("a forged finding inserted behind the ledger's back is found")
    func forgedFindingFound() throws {
        try tamper("""
            INSERT INTO finding (id, run_id, query_path, image_id, best_grade, best_score, created_at)
            SELECT 99, run_id, 'forged.png', image_id, 'exact', 1.0, created_at FROM finding LIMIT 1
            """)

        let result = try ledger.verifyChain()

        #expect(result.problems == [.unchainedRecord(kind: .finding, recordID: "99")])
    }

    @Test("an edited report file is found, naming its entry")
    func editedReportFound() throws {
        try Data("{\"findings\": []}".utf8).write(to: reportFile)

        let result = try ledger.verifyChain()

        let first = try #require(result.problems.first)
        guard case let .reportFileChanged(seq, _, path, _, _) = first else {
            Issue.record("expected a changed report file, got \(first)")
            return
        }
        #expect(path == reportFile.path)
        #expect(seq == (try self.seq(.report, "1")))
    }

    @Test("a chain entry removed from the middle is found")
    func removedEntryFound() throws {
        try tamper(Self.dropTriggers + "DELETE FROM ledger_entry WHERE seq = 3")

        let result = try ledger.verifyChain()

        #expect(result.problems.contains(.entriesMissing(first: 3, last: 3)))
        #expect(result.problems.first?.seq == 3)
    }

    @Test("dropped append-only triggers are reported")
    func droppedTriggersReported() throws {
        try tamper("DROP TRIGGER finding_refuses_update")

        #expect(try ledger.verifyChain().problems == [.protectionRemoved(triggers: ["finding_refuses_update"])])
    }

    @Test("an anchored head is found while the chain grows, and missed once the chain is cut back")
    func anchoredHead() throws {
        let anchor = try #require(try ledger.chainHead()).entrySha256
        try ledger.finishRun(id: "run-1")
        #expect(try ledger.verifyChain(expectedHead: anchor).isIntact)

        try tamper(Self.dropTriggers + "DELETE FROM ledger_entry WHERE seq >= 6; DELETE FROM run_completion;")
        try tamper(ChainMigration.appendOnlyTables.map { table in
            ["update", "delete"].map { verb in
                "CREATE TRIGGER \(table)_refuses_\(verb) BEFORE \(verb.uppercased()) ON \(table) BEGIN SELECT RAISE(ABORT, 'x'); END;"
            }.joined()
        }.joined())

        #expect(try ledger.verifyChain().isIntact)
        #expect(try ledger.verifyChain(expectedHead: anchor).problems == [.anchorNotFound(anchor)])
    }

    @Test("finishing a run appends a completion instead of updating the run")
    func finishingAppends() throws {
        try ledger.begin(RunRecord(id: "run-2", command: "scan", commandLine: "scan", toolVersion: "t", startedAt: "later"))
        #expect(try ledger.run(id: "run-2").finishedAt == nil)

        try ledger.finishRun(id: "run-2", at: "2026-01-02T00:00:00Z")

        #expect(try ledger.run(id: "run-2").finishedAt == "2026-01-02T00:00:00Z")
        #expect(try ledger.runs().first { $0.id == "run-2" }?.finishedAt == "2026-01-02T00:00:00Z")
        #expect(try ledger.verifyChain().isIntact)
    }

    @Test("a ledger recorded before the chain existed is chained when it is migrated")
    func olderLedgerIsChained() throws {
        let old = directory.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: old)
        try LedgerMigrations.migrator.migrate(queue, upTo: "v2-local-features")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO run (id, command, command_line, tool_version, started_at, finished_at) VALUES ('r', 'scan', 'scan', 't', 's', 'f');
                INSERT INTO file_error (run_id, path, kind, message, created_at) VALUES ('r', 'bad.jpg', 'corrupt', 'm', 'now');
                """)
        }

        let migrated = try Ledger(path: old)

        let result = try migrated.verifyChain()
        #expect(result.isIntact)
        #expect(result.entryCount == 2)
        #expect(try migrated.run(id: "r").finishedAt == "f")
    }
}
