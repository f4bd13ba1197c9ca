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

    @Test("workers holding one shard each record the findings a scan of one machine records")
    func shardWorkersRecordScanFindings() throws {
        // Given the whole sample corpus and a hash list holding one sample image's PDQ hash, and
        // every generated query plus a damaged file
        let folder = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        let corpus = Fixtures.sample.appendingPathComponent("corpus")
        let images = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map { corpus.appendingPathComponent($0).path }
        // Added in two runs, so that its persistent index has two segments, one per shard.
        for half in [images.prefix(14), images.dropFirst(14)] {
            _ = try CorpusIngest(ledger: ledger).add(corpus: "sample", kind: .training, paths: Array(half), commandLine: "test")
        }
        let shards = try (0 ..< 2).map {
            try ReferenceSet(ledger: ledger, corpora: ["sample"], embedder: LayoutEmbedder(), part: ShardPart(index: $0, count: 2))
        }
        #expect(shards.map(\.references.count) == [14, 16])
        #expect(shards.map(\.indexStates.first?.state) == [.fresh(segments: 1, references: 14), .fresh(segments: 1, references: 16)])
        let flagged = try ledger.ensureCorpus(named: "flagged", kind: .registry)
        let nasa05 = try ImageAnalyzer().analyze(path: Fixtures.samplePath("nasa-05.jpg")).facts.fingerprints.pdq.hash
        var rng = SplitMix64(seed: 3)
        _ = try ledger.importHashes((0 ..< 9).map { HashReference(pdq: $0 == 4 ? nasa05 : Synthetic.bits256(&rng), quality: 100, label: "list:\($0)") },
                                    intoCorpus: try #require(flagged.id))
        let generated = Fixtures.sample.appendingPathComponent("generated")
        let damaged = folder.appendingPathComponent("damaged.jpg")
        try Data(try Data(contentsOf: generated.appendingPathComponent("gen-01.jpg")).prefix(300)).write(to: damaged)
        let paths = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted()
            .map { generated.appendingPathComponent($0).standardizedFileURL.path } + [damaged.path]
        var options = ScanOptions(corpora: ["sample", "flagged"])
        options.writesReport = false

        // When they are scanned here, and queued in two shards for two workers that each hold one
        let scan = try ScanJob(ledger: ledger, jobs: 2).run(paths: paths, options: options, commandLine: "scan")
        options.shards = 2
        let queued = try ScanJob(ledger: ledger).enqueue(paths: paths, options: options, commandLine: "scan --enqueue --shards 2")
        var first = WorkerOptions(batchSize: 3), second = WorkerOptions(batchSize: 3)
        first.shard = 1
        second.shard = 0
        first.reportDirectory = folder.appendingPathComponent("reports").path
        second.reportDirectory = first.reportDirectory
        let one = try ScanWorker(ledger: ledger, jobs: 2).run(runID: queued.runID, options: first)
        let two = try ScanWorker(ledger: ledger, jobs: 2).run(runID: queued.runID, options: second)

        // Then: the first did its shard's parts and could merge nothing; the second did the
        // other shard's and merged every input, with the findings and file errors of the scan
        #expect(one.proposed == paths.count && one.recorded == 0)
        #expect(two.proposed == paths.count && two.recorded == paths.count)
        #expect(two.report != nil)
        let scanned = try Self.findings(inRun: scan.runID, ledger)
        let fromShards = try Self.findings(inRun: queued.runID, ledger)
        #expect(Set(scanned.keys) == Set(paths.dropLast()))
        #expect(Set(fromShards.keys) == Set(paths.dropLast()))
        #expect(try ledger.errors(inRun: queued.runID).map(\.path) == [damaged.path])
        #expect(scanned.values.contains { $0.candidates.contains { $0.reference.sha256.hasPrefix("pdq:") } }, "a hash-only match")
        for path in paths.dropLast() {
            let a = try #require(scanned[path]), b = try #require(fromShards[path])
            #expect(a.finding.bestGrade == b.finding.bestGrade, "\(path)")
            #expect(a.candidates.map(\.reference.sha256) == b.candidates.map(\.reference.sha256), "\(path)")
            #expect(a.candidates.map(\.candidate.grade) == b.candidates.map(\.candidate.grade), "\(path)")
            #expect(a.candidates.map(\.candidate.score) == b.candidates.map(\.candidate.score), "\(path)")
            #expect(a.candidates.map(\.candidate.signals) == b.candidates.map(\.candidate.signals), "\(path)")
        }
    }

    @Test("a sharded run is refused for a configuration that weighs votes against the corpus")
    func shardedRunNeedsFixedPanels() throws {
        let ledger = try Ledger()
        _ = try CorpusIngest(ledger: ledger).add(corpus: "sample", kind: .training, paths: [Fixtures.samplePath("nasa-05.jpg")],
                                                 commandLine: "test")
        var options = ScanOptions(corpora: ["sample"])
        options.shards = 2
        options.configuration.retrieval.voteBackground = .corpus
        #expect(throws: ShardingError.backgroundFromCorpus("local-feature votes")) {
            try ScanJob(ledger: ledger).enqueue(paths: [Fixtures.samplePath("nasa-00.jpg")], options: options, commandLine: "test")
        }
    }

    /// A run's findings by query path.
    private static func findings(inRun runID: String, _ ledger: Ledger) throws -> [String: StoredFinding] {
        Dictionary(uniqueKeysWithValues: try ledger.findings(inRun: runID).map { ($0.finding.queryPath, $0) })
    }
}
