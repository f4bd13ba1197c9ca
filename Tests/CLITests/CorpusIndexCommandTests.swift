import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

/// `palimpsest corpus list`, `reindex` and `compact` on a corpus's persistent index, run as a
/// user would.
@Suite("corpus index commands", .serialized)
struct CorpusIndexCommandTests {
    let cli: CommandRunner
    let work: URL
    var ledger: String { work.appendingPathComponent("ledger.sqlite").path }

    init() throws {
        cli = try CommandRunner()
        work = try Synthetic.temporaryDirectory()
    }

    /// Adds the sample references two at a time, in three runs.
    private func addInThreeRuns() throws {
        let paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        for start in stride(from: 0, to: 6, by: 2) {
            let added = try cli.run(["corpus", "add", "refs", "--kind", "registry", "--ledger", ledger] + Array(paths[start ..< start + 2]))
            try #require(added.status == 0, "corpus add failed: \(added.stderr)")
        }
    }

    @Test("corpus list shows each corpus's index; compact merges its segments; reindex rewrites it")
    func listCompactAndReindex() throws {
        try addInThreeRuns()
        #expect(try cli.run(["corpus", "list", "--ledger", ledger]).stdout.contains("up to date: 6 references in 3 segments"))

        let compacted = try cli.run(["corpus", "compact", "refs", "--ledger", ledger])
        #expect(compacted.status == 0)
        #expect(compacted.stdout == "refs: 3 segments merged into one, 6 references\n")
        #expect(try cli.run(["corpus", "list", "--ledger", ledger]).stdout.contains("up to date: 6 references in 1 segment"))

        let again = try cli.run(["corpus", "compact", "--ledger", ledger])
        #expect(again.stdout == "refs: nothing to merge (1 segment)\n")
        let reindexed = try cli.run(["corpus", "reindex", "refs", "--ledger", ledger])
        #expect(reindexed.status == 0)
        #expect(reindexed.stdout == "refs: index rewritten, 6 references\n")
    }

    @Test("a scan warns when a corpus's index is stale, and still finds the copy")
    func scanWarnsOfAStaleIndex() throws {
        try addInThreeRuns()
        let index = try #require(CorpusIndexStore(ledger: try Ledger(path: ledger)))
        let first = try #require(index.segmentPaths(ofCorpus: "refs").first)
        try FileManager.default.removeItem(atPath: first)

        let query = Fixtures.samplePath(Fixtures.sampleReferences[1])
        let scanned = try cli.run(["scan", query, "--against", "refs", "--ledger", ledger,
                                   "--report-dir", work.appendingPathComponent("Reports").path])
        #expect(scanned.status == 3)
        #expect(scanned.stderr.contains("corpus refs: index stale (2 references added since)"))
        #expect(scanned.stderr.contains("`palimpsest corpus reindex refs` rewrites it"))
        #expect(try cli.run(["corpus", "list", "--ledger", ledger]).stdout.contains("stale (2 references added since)"))
    }

    @Test("reindex refuses a ledger that keeps no index, saying why")
    func reindexNeedsAFileLedger() throws {
        let refused = try cli.run(["corpus", "reindex", "--ledger", ":memory:"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("keeps no persistent index"))
    }
}
