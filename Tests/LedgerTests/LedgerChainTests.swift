import Foundation
import GRDB
import Palimpsest
@testable import PalimpsestLedger
import LedgerSpecifications
import PalimpsestTestSupport
import Testing

/// The ledger is append-only and hash-chained: what was recorded cannot be changed, removed
/// or added to without `verifyChain()` naming the entry, even by editing the SQLite file.
@Suite("Ledger chain", .serialized)
struct LedgerChainTests {
    let directory: URL
    let path: String
    let chain: ChainTamperingSpecification
    var ledger: Ledger { chain.ledger }
    var findingIDs: [Int64] { chain.findingIDs }

    /// Given a file ledger with the tampering fixture (``ChainTamperingSpecification``).
    init() throws {
        directory = try Synthetic.temporaryDirectory()
        let path = directory.appendingPathComponent("ledger.sqlite").path
        self.path = path
        chain = try ChainTamperingSpecification(
            ledger: try Ledger(path: path), reportFile: directory.appendingPathComponent("report.json"), bypass: Self.dropTriggers,
            tamper: { try Self.tamper($0, path: path) }, seq: { try Self.seq($0, $1, path: path) })
    }

    /// Edits the ledger file directly, as the sqlite3 shell would (foreign keys off).
    private static func tamper(_ sql: String, path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        try DatabaseQueue(path: path, configuration: configuration).write { db in try db.execute(sql: sql) }
    }

    private func tamper(_ sql: String) throws {
        try Self.tamper(sql, path: path)
    }

    /// The position of the entry covering a row.
    private static func seq(_ kind: LedgerEntryKind, _ id: String, path: String) throws -> Int64 {
        try #require(try DatabaseQueue(path: path).read { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM ledger_entry WHERE kind = ? AND record_id = ?", arguments: [kind.rawValue, id])
        })
    }

    private func seq(_ kind: LedgerEntryKind, _ id: String) throws -> Int64 {
        try Self.seq(kind, id, path: path)
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
        try chain.deletedFindingFound()
    }

    @Test("a forged finding inserted behind the ledger's back is found")
    func forgedFindingFound() throws {
        try chain.forgedFindingFound()
    }

    @Test("an edited report file is found, naming its entry")
    func editedReportFound() throws {
        try chain.editedReportFound()
    }

    @Test("a chain entry removed from the middle is found")
    func removedEntryFound() throws {
        try chain.removedEntryFound()
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
