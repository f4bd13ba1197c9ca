import Foundation
import Palimpsest
@testable import PalimpsestLedger
import LedgerSpecifications
import PalimpsestTestSupport
import Testing

extension PostgresTests {
    /// The hash chain on PostgreSQL: the same entries as on SQLite, the same verification, and
    /// tampering by someone with direct access to the database is found the same way.
    @Suite("chain and tampering")
    struct Chain {
        let server: TemporaryPostgres
        let url: String
        let chain: ChainTamperingSpecification
        var ledger: Ledger { chain.ledger }
        var findingIDs: [Int64] { chain.findingIDs }

        /// Given a database with the tampering fixture (``ChainTamperingSpecification``).
        init() throws {
            let server = try PostgresTests.server
            let url = try server.createDatabase()
            (self.server, self.url) = (server, url)
            chain = try ChainTamperingSpecification(
                ledger: try Ledger(location: LedgerLocation(parsing: url)),
                reportFile: server.directory.appendingPathComponent("report-\(UUID().uuidString).json"), bypass: Self.bypassTriggers,
                tamper: { _ = try server.psql($0, database: url) }, seq: { try Self.seq($0, $1, server: server, url: url) })
        }

        /// Runs SQL as the database's superuser would, with psql.
        private func tamper(_ sql: String) throws {
            _ = try server.psql(sql, database: url)
        }

        /// Statements that make the next ones bypass every trigger, as a superuser can.
        private static let bypassTriggers = "SET session_replication_role = replica; "

        /// The position of the entry covering a row.
        private static func seq(_ kind: LedgerEntryKind, _ id: String, server: TemporaryPostgres, url: String) throws -> Int64 {
            try #require(Int64(try server.psql("SELECT seq FROM ledger_entry WHERE kind = '\(kind.rawValue)' AND record_id = '\(id)'",
                                               database: url).trimmingCharacters(in: .whitespacesAndNewlines)))
        }

        private func seq(_ kind: LedgerEntryKind, _ id: String) throws -> Int64 {
            try Self.seq(kind, id, server: server, url: url)
        }

        @Test("every migration is applied, under the SQLite ledger's names")
        func migrationsApplied() throws {
            #expect(try ledger.appliedMigrations() == Ledger.migrationNames)
        }

        @Test("workers opening a new database at the same moment migrate it once")
        func concurrentOpenMigratesOnce() throws {
            let fresh = try server.createDatabase()
            let failures = Collected<String>()
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do { _ = try Ledger(location: LedgerLocation(parsing: fresh)) } catch { failures.append(["\(error)"]) }
            }

            #expect(failures.values.isEmpty)
            #expect(try Ledger(location: LedgerLocation(parsing: fresh)).appliedMigrations() == Ledger.migrationNames)
        }

        @Test("an untouched ledger verifies, with one entry per run, finding, error, report and completion")
        func untouchedLedgerVerifies() throws {
            let result = try ledger.verifyChain()

            #expect(result.isIntact, "\(result.problems)")
            #expect(result.entryCount == 6)
            #expect(result.reportFilesChecked == 1)
            #expect(result.head == (try ledger.chainHead()))
        }

        @Test("each entry stores the hash of the entry before it, and matches its exported content")
        func entriesAreLinked() throws {
            var entries: [ChainedEntry] = []
            try ledger.exportChain { entries.append($0) }

            #expect(entries.first?.previousSha256 == LedgerEntryRecord.genesis)
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $1.previousSha256 == $0.entrySha256 })
            #expect(entries.filter(\.isSelfConsistent).count == entries.count)
            #expect(entries.map(\.seq) == Array(1 ... Int64(entries.count)))
        }

        @Test("a finding's canonical content is the same JSON as on SQLite")
        func canonicalContentMatchesSQLite() throws {
            let sqlite = try Ledger()
            let corpus = try sqlite.ensureCorpus(named: "c", kind: .training)
            _ = try sqlite.add(ChainTamperingSpecification.facts("ref", seed: 1), toCorpus: corpus.id!, path: "ref.png")
            try sqlite.begin(RunRecord(id: "run-1", command: "scan", commandLine: "scan q", toolVersion: "t", startedAt: "2026-01-01T00:00:00Z"))
            let stored = try ledger.finding(id: findingIDs[0])
            let candidate = try #require(stored.candidates.first?.candidate)
            let draft = CandidateDraft(referenceImageID: candidate.referenceImageId, corpus: candidate.corpus, referencePath: candidate.referencePath,
                                       score: candidate.score, grade: .nearDuplicate,
                                       signals: try JSONCoding.decoder.decode(Signals.self, from: Data(candidate.signals.utf8)))
            let id = try sqlite.record(FindingDraft(runID: "run-1", queryPath: "q1.png", query: ChainTamperingSpecification.facts("q0", seed: 2), candidates: [draft]))

            func content(_ ledger: Ledger, _ id: Int64) throws -> String? {
                try ledger.chainEntries(coveringFinding: id).first { $0.kind == .finding }?.content
            }
            let onSQLite = try #require(try content(sqlite, id))
            let onPostgres = try #require(try content(ledger, findingIDs[0]))
            #expect(Self.withoutTimes(onPostgres) == Self.withoutTimes(onSQLite))
        }

        /// JSON text with its `created_at` values blanked (they are the clock's).
        private static func withoutTimes(_ json: String) -> String {
            json.replacingOccurrences(of: #""created_at":"[^"]*""#, with: #""created_at":"""#, options: .regularExpression)
        }

        @Test("UPDATE, DELETE and TRUNCATE are refused on every append-only table", arguments: ChainMigration.appendOnlyTables)
        func changesRefused(table: String) throws {
            let column = table == "ledger_entry" ? "kind" : table == "run" ? "command" : "id"
            for sql in ["UPDATE \(table) SET \(column) = \(column)", "DELETE FROM \(table)", "TRUNCATE \(table) CASCADE"] {
                let error = #expect(throws: (any Error).self, "\(sql)") { try tamper(sql) }
                #expect("\(error.map { "\($0)" } ?? "")".contains("append-only"), "\(sql)")
            }
        }

        @Test("a score changed with the triggers dropped is found, naming the finding's entry")
        func changedScoreFound() throws {
            let id = findingIDs[1]
            try tamper("DROP TRIGGER candidate_refuses_update ON candidate; UPDATE candidate SET score = 0.1 WHERE finding_id = \(id)")

            let result = try ledger.verifyChain()

            let first = try #require(result.problems.first)
            guard case let .recordChanged(seq, kind, recordID, _, _) = first else {
                Issue.record("expected a changed record first, got \(first)")
                return
            }
            #expect((seq, kind, recordID) == (try self.seq(.finding, String(id)), .finding, String(id)))
            #expect(result.problems.contains(.protectionRemoved(triggers: ["candidate_refuses_update"])))
        }

        @Test("a superuser who bypasses the triggers without dropping them is still caught by the chain")
        func bypassedTriggersCaught() throws {
            let id = findingIDs[0]
            try tamper(Self.bypassTriggers + "UPDATE finding SET best_grade = 'none', best_score = 0 WHERE id = \(id)")

            let result = try ledger.verifyChain()

            #expect(result.problems.count == 1)
            guard case let .recordChanged(seq, _, recordID, _, _)? = result.problems.first else {
                Issue.record("expected a changed record, got \(result.problems)")
                return
            }
            #expect((seq, recordID) == (try self.seq(.finding, String(id)), String(id)))
        }

        @Test("a deleted finding is found, naming its entry")
        func deletedFindingFound() throws {
            try chain.deletedFindingFound()
        }

        @Test("a forged finding inserted behind the ledger's back is found")
        func forgedFindingFound() throws {
            try chain.forgedFindingFound()
        }

        @Test("a chain entry removed from the middle is found")
        func removedEntryFound() throws {
            try chain.removedEntryFound()
        }

        @Test("a disabled append-only trigger is reported like a dropped one")
        func disabledTriggerReported() throws {
            try tamper("ALTER TABLE finding DISABLE TRIGGER finding_refuses_update")

            #expect(try ledger.verifyChain().problems == [.protectionRemoved(triggers: ["finding_refuses_update"])])
        }

        @Test("an edited report file is found, naming its entry")
        func editedReportFound() throws {
            try chain.editedReportFound()
        }

        @Test("`palimpsest ledger verify` takes the URL, passes, and fails with status 2 after tampering")
        func verifyCommand() throws {
            let cli = try CommandRunner()
            let intact = try cli.run(["ledger", "verify", "--ledger", url])
            #expect(intact.status == 0, "\(intact.stderr)")
            #expect(intact.stdout.contains("ledger intact: 6 entries, 1 report files checked"))

            try tamper(Self.bypassTriggers + "UPDATE file_error SET message = 'nothing to see' WHERE path = 'bad.jpg'")
            let tampered = try cli.run(["ledger", "verify", "--ledger", url])

            #expect(tampered.status == 2)
            #expect(tampered.stderr.contains("file-error 1 was changed after it was recorded"))
        }
    }
}
