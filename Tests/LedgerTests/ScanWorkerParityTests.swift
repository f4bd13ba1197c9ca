import Foundation
import Palimpsest
import PalimpsestLedger
import PalimpsestTestSupport
import Testing

/// A queue worker matches each input through ``QueryMatcher``, the code `scan` and `serve` use,
/// so that sharing a scan between workers changes nothing in its findings.
@Suite("queue workers grade as scan does")
struct ScanWorkerParityTests {
    static let references = ["nasa-05.jpg", "nasa-00.jpg", "art4apps-22.jpg", "horses-14.png"]
    static let queries = ["gen-03.jpg", "gen-06.jpg", "gen-07.jpg", "gen-09.jpg", "gen-13.jpg"]

    @Test("a worker records for each file the finding a scan records for it")
    func workerFindingsAreScanFindings() throws {
        // Given sample references and queries that match them in several ways
        let folder = try Synthetic.temporaryDirectory()
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        _ = try CorpusIngest(ledger: ledger).add(
            corpus: "sample", kind: .training, paths: Self.references.map { Fixtures.sample.appendingPathComponent("corpus/\($0)").path },
            commandLine: "test")
        let paths = Self.queries.map { Fixtures.sample.appendingPathComponent("generated/\($0)").standardizedFileURL.path }
        var options = ScanOptions(corpora: ["sample"])
        options.writesReport = false

        // When they are scanned, and queued and worked through by a worker
        let scan = try ScanJob(ledger: ledger, jobs: 2).run(paths: paths, options: options, commandLine: "scan")
        let queued = try ScanJob(ledger: ledger).enqueue(paths: paths, options: options, commandLine: "scan --enqueue")
        var workerOptions = WorkerOptions(batchSize: 2)
        workerOptions.reportDirectory = folder.appendingPathComponent("reports").path
        let worked = try ScanWorker(ledger: ledger, jobs: 2).run(runID: queued.runID, options: workerOptions)

        // Then every file has the same grade, score, references and signals in both runs
        #expect(worked.recorded == paths.count)
        let scanned = try Self.findings(inRun: scan.runID, ledger)
        let fromWorker = try Self.findings(inRun: queued.runID, ledger)
        #expect(Set(scanned.keys) == Set(paths))
        #expect(scanned.values.contains { $0.finding.bestGrade != "none" }, "some query matches a reference")
        for path in paths {
            let a = try #require(scanned[path]), b = try #require(fromWorker[path])
            #expect(a.finding.bestGrade == b.finding.bestGrade, "\(path)")
            #expect(a.finding.bestScore == b.finding.bestScore, "\(path)")
            #expect(a.query.sha256 == b.query.sha256, "\(path)")
            #expect(a.candidates.map(\.reference.sha256) == b.candidates.map(\.reference.sha256), "\(path)")
            #expect(a.candidates.map(\.candidate.grade) == b.candidates.map(\.candidate.grade), "\(path)")
            #expect(a.candidates.map(\.candidate.score) == b.candidates.map(\.candidate.score), "\(path)")
            #expect(a.candidates.map(\.candidate.signals) == b.candidates.map(\.candidate.signals), "\(path)")
        }
    }

    /// A run's findings by query path.
    private static func findings(inRun runID: String, _ ledger: Ledger) throws -> [String: StoredFinding] {
        Dictionary(uniqueKeysWithValues: try ledger.findings(inRun: runID).map { ($0.finding.queryPath, $0) })
    }
}
