import Foundation
import Palimpsest
import PalimpsestLedger
import PalimpsestTestSupport
import Testing

extension PostgresTests {
    /// What `palimpsest serve` asks of its ledger, on PostgreSQL: the corpus revision it polls,
    /// a check recorded whole in one transaction, and the reads of its finding and report routes.
    @Suite("checks (serve)")
    struct Checks {
        static let references = ["nasa-05.jpg", "nasa-00.jpg", "art4apps-22.jpg"]

        /// A ledger with corpus `sample` holding `names` from the sample corpus.
        private static func ledger(_ location: String, with names: [String]) throws -> Ledger {
            let ledger = try Ledger(location: LedgerLocation(parsing: location))
            try add(names, to: ledger)
            return ledger
        }

        private static func add(_ names: [String], to ledger: Ledger) throws {
            _ = try CorpusIngest(ledger: ledger).add(
                corpus: "sample", kind: .training, paths: names.map { Fixtures.sample.appendingPathComponent("corpus/\($0)").path },
                commandLine: "test")
        }

        @Test("a check is recorded whole, graded as on SQLite, read back by id, and its report written and found")
        func checkAsOnSQLite() throws {
            // Given the same references in a PostgreSQL and a SQLite ledger, served
            let folder = try Synthetic.temporaryDirectory()
            let postgres = try Self.ledger(try PostgresTests.server.createDatabase(), with: Self.references)
            let sqlite = try Self.ledger(folder.appendingPathComponent("ledger.sqlite").path, with: Self.references)
            let bytes = Array(try Data(contentsOf: Fixtures.sample.appendingPathComponent("generated/gen-09.jpg")))

            // When the same image is checked against each
            let outcomes = try [postgres, sqlite].enumerated().map { index, ledger in
                var options = CheckOptions(corpora: ["sample"])
                options.reportDirectory = folder.appendingPathComponent("reports-\(index)").path
                let service = try CheckService(ledger: ledger, options: options)
                return (service, try service.record(try service.match(bytes), commandLine: "POST /v1/check"))
            }

            // Then both give the same finding, and the PostgreSQL one reads back and reports
            let (service, checked) = outcomes[0], onSQLite = outcomes[1].1.finding
            #expect(checked.finding.grade != "none")
            #expect(checked.finding.grade == onSQLite.grade)
            #expect(checked.finding.score == onSQLite.score)
            #expect(checked.finding.matches.map(\.reference.sha256) == onSQLite.matches.map(\.reference.sha256))
            #expect(try JSONCoding.string(checked.finding.matches.map(\.signals)) == JSONCoding.string(onSQLite.matches.map(\.signals)))
            let read = try service.finding(id: checked.finding.id)
            #expect(read.runID == checked.runID)
            #expect(try JSONCoding.string(read.finding) == JSONCoding.string(checked.finding))
            #expect(try postgres.run(id: checked.runID).finishedAt != nil)
            let page = try service.reportPage(runID: checked.runID)
            #expect(FileManager.default.fileExists(atPath: page))
            #expect(try service.reportPage(runID: checked.runID) == page, "the page written is found again in the ledger")
            #expect(try postgres.verifyChain().isIntact)
        }

        @Test("the revision changes when members are added or a corpus is removed, and not otherwise")
        func revision() throws {
            let ledger = try Self.ledger(try PostgresTests.server.createDatabase(), with: Array(Self.references.prefix(2)))
            let first = try ledger.revision(ofCorpora: ["sample", "absent"])
            #expect(first.entries.map(\.name) == ["sample"])
            #expect(try ledger.revision(ofCorpora: ["sample", "absent"]) == first)

            try Self.add([Self.references[2]], to: ledger)
            let second = try ledger.revision(ofCorpora: ["sample"])
            #expect(second != first)
            try Self.add([Self.references[2]], to: ledger)
            #expect(try ledger.revision(ofCorpora: ["sample"]) == second, "adding a member again changes nothing")

            try ledger.removeCorpus(named: "sample")
            #expect(try ledger.revision(ofCorpora: ["sample"]).entries.isEmpty)
            try Self.add(Array(Self.references.prefix(2)), to: ledger)
            #expect(try ledger.revision(ofCorpora: ["sample", "absent"]) != first, "a corpus created again is a new revision")
        }
    }
}
