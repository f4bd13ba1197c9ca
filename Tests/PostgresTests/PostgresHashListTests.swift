import Palimpsest
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestTestSupport
import Testing

extension PostgresTests {
    /// Hash-only references on PostgreSQL: imported by multi-row statements, loaded and
    /// exported as from a SQLite ledger.
    @Suite("hash lists")
    struct HashLists {
        /// A Meta CSV list in export order (by hash): one hash without a quality, a label with a comma.
        static let list = """
            1f70cbbc77edc5f9524faa1b18f3b76cd0a04a833e20f645d229d0acc8499c56,,list.csv:3
            accb6d39648035f8125c8ce6ba65007de7b54c67a2d93ef7b8f33b0611306715,48,B-side/x.png
            accb6d39648035f8125c8ce6ba65007de7b54c67a2d93ef7b8f33b0611306716,90,a side, too.png
            f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22,100,photos/cat.jpg

            """

        private static func importing(_ text: String, into ledger: Ledger) throws -> HashImportSummary {
            try HashListExchange(ledger: ledger).importList(HashListParser(source: "list.csv").parse(text), source: "list.csv",
                                                            into: "flagged", kind: nil, commandLine: "test")
        }

        @Test("a list imported into a postgres:// ledger exports back byte for byte; importing it again adds nothing")
        func importThenExport() throws {
            // Given a fresh PostgreSQL ledger
            let ledger = try Ledger(location: LedgerLocation(parsing: try PostgresTests.server.createDatabase()))

            // When a list is imported, exported, and imported again
            let first = try Self.importing(Self.list, into: ledger)
            let exported = try HashListExchange(ledger: ledger).export(corpus: "flagged", format: .csv)
            let again = try Self.importing(Self.list, into: ledger)

            // Then the export is the list, and the second import found every hash present
            #expect(exported == Self.list)
            #expect((first.added, first.alreadyPresent) == (4, 0))
            #expect((again.added, again.alreadyPresent) == (0, 4))
            #expect(try ledger.hashReferences(inCorpora: ["flagged"]).qualities == [nil, 48, 90, 100])
        }

        @Test("thousands of hashes with repeats, over several transactions and statements, load as on SQLite")
        func manyHashesAsOnSQLite() throws {
            // Given 2,500 entries (every tenth hash repeated, qualities sometimes missing) and
            // a PostgreSQL and a SQLite ledger
            var rng = SplitMix64(seed: 42)
            var entries: [HashReference] = []
            for i in 0 ..< 2_500 {
                let pdq = i % 10 == 9 ? entries[i - 5].pdq : Bits256(words: SIMD4(rng.next(), rng.next(), rng.next(), rng.next()))
                entries.append(HashReference(pdq: pdq, quality: i % 7 == 0 ? nil : i % 101, label: "l\(i)"))
            }
            let postgres = try Ledger(location: LedgerLocation(parsing: try PostgresTests.server.createDatabase()))
            let sqlite = try Ledger()

            // When both import them in transactions of 700
            var counts: [HashImportCounts] = []
            for ledger in [postgres, sqlite] {
                let corpus = try ledger.ensureCorpus(named: "flagged", kind: .registry)
                counts.append(try ledger.importHashes(entries, intoCorpus: corpus.id!, batchSize: 700))
            }

            // Then they hold the same references, labelled by each hash's first entry
            #expect(counts[0].added == 2_250 && counts[0].alreadyPresent == 250)
            #expect(counts[0] == counts[1])
            #expect(try postgres.hashList(ofCorpus: "flagged") == (try sqlite.hashList(ofCorpus: "flagged")))
            let loaded = try postgres.hashReferences(inCorpora: ["flagged"])
            #expect(loaded.count == 2_250)
            #expect(Set(loaded.labels) == Set(entries.indices.filter { $0 % 10 != 9 }.map { "l\($0)" }))
        }
    }
}
