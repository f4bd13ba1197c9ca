import Foundation
import Palimpsest
import LedgerSpecifications
import PalimpsestTestSupport
import Testing

/// `palimpsest scan --enqueue` and `scan --worker`, run as a user would, on a SQLite ledger
/// file shared by two processes (the PostgreSQL suite runs the same scenario on a server).
@Suite("queued scans and workers", .serialized)
struct WorkerCommandTests {
    let cli: CommandRunner
    let work: URL
    var ledger: String { work.appendingPathComponent("ledger.sqlite").path }

    init() throws {
        cli = try CommandRunner()
        work = try Synthetic.temporaryDirectory()
    }

    @Test("two worker processes on one SQLite queue record every input exactly once, and one writes the report")
    func twoWorkersOnSQLite() throws {
        // Given 20 inputs queued in a SQLite ledger
        let scenario = try WorkerScenario(ledger: ledger, work: work)
        let queue = try scenario.enqueue()

        // When two workers run on the queue at once
        let workers = try scenario.runWorkers(2, runID: queue.runID)

        // Then every input is recorded once between them, and one of them wrote the report
        #expect(workers.allSatisfy { $0.status == 0 }, "\(workers.map(\.stderr))")
        #expect(workers.map(WorkerScenario.recorded(by:)).reduce(0, +) == WorkerScenario.inputCount)
        try WorkerScenario.expectEachInputRecordedOnce(queue, in: try Ledger(path: ledger))
        #expect(workers.compactMap(WorkerScenario.reportPath(of:)).count == 1)
    }

    @Test("a worker needs --run, and takes no inputs or settings of its own")
    func workerUsage() throws {
        #expect(try cli.run(["scan", "--worker", "--ledger", ledger]).status == 1)
        let withInputs = try cli.run(["scan", "--worker", "--run", "r", "--against", "sample", "--ledger", ledger])
        #expect(withInputs.status == 1)
        #expect(withInputs.stderr.contains("takes its inputs and settings from the queued run"))
        #expect(try cli.run(["scan", "in/", "--against", "sample", "--run", "r", "--ledger", ledger]).status == 1)
    }

    @Test("a worker on a run that has no queue says how to queue one")
    func workerWithoutQueue() throws {
        let add = try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger,
                               Fixtures.sample.appendingPathComponent("corpus/nasa-05.jpg").path])
        try #require(add.status == 0)
        let runID = try #require(try Ledger(path: ledger).runs().first?.id)

        let result = try cli.run(["scan", "--worker", "--run", runID, "--ledger", ledger])

        #expect(result.status == 1)
        #expect(result.stderr.contains("has no queue of inputs"))
        #expect(result.stderr.contains("--enqueue"))
    }

    @Test("a run queued in two shards is done by a worker per shard, the second merging every input")
    func shardedRunFromTheCommandLine() throws {
        // Given four sample references, compacted into segments of two, and three queries
        let references = ["nasa-05.jpg", "nasa-00.jpg", "art4apps-22.jpg", "horses-14.png"].map(Fixtures.samplePath)
        try #require(try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger] + references).status == 0)
        let compact = try cli.run(["corpus", "compact", "sample", "--segment-size", "2", "--ledger", ledger])
        #expect(compact.stdout.contains("merged into 2 of at most 2 references each"), "\(compact.stdout)")
        let inputs = work.appendingPathComponent("inputs")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        for name in ["gen-06.jpg", "gen-09.jpg", "gen-13.jpg"] {
            try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("generated/\(name)"), to: inputs.appendingPathComponent(name))
        }

        // When it is queued in two shards and a worker runs for each
        let enqueue = try cli.run(["scan", inputs.path, "--against", "sample", "--ledger", ledger, "--enqueue", "--shards", "2"])
        #expect(enqueue.stdout.contains("queued: 3 inputs × 2 shards"), "\(enqueue.stdout)")
        let runID = try #require(enqueue.stdout.split(separator: "\n").first { $0.hasPrefix("run: ") }?.dropFirst(5))
        let worker = ["scan", "--worker", "--run", String(runID), "--ledger", ledger, "--jobs", "1", "--report-dir", work.path]
        let tooFar = try cli.run(worker + ["--shard", "3"])
        let first = try cli.run(worker + ["--shard", "1"]), second = try cli.run(worker + ["--shard", "2"])

        // Then each did its shard's three parts; the first could merge nothing, the second merged all
        #expect(tooFar.status == 1 && tooFar.stderr.contains("There is no shard 3 of 2"), "\(tooFar.stderr)")
        #expect(first.status == 0 && second.status == 0, "\(first.stderr) \(second.stderr)")
        #expect(first.stdout.contains("proposed candidates for 3 parts") && first.stdout.contains("recorded 0 inputs"), "\(first.stdout)")
        #expect(second.stdout.contains("proposed candidates for 3 parts") && second.stdout.contains("recorded 3 inputs"), "\(second.stdout)")
        #expect(WorkerScenario.reportPath(of: second) != nil)
    }

    @Test("--shards counts from one, and --shard goes with --worker")
    func shardUsage() throws {
        #expect(try cli.run(["scan", "in/", "--against", "sample", "--shards", "0", "--ledger", ledger]).stderr.contains("--shards must be at least 1"))
        #expect(try cli.run(["scan", "in/", "--against", "sample", "--shard", "1", "--ledger", ledger]).stderr.contains("go with --worker"))
        #expect(try cli.run(["scan", "--worker", "--run", "r", "--shard", "0", "--ledger", ledger]).stderr.contains("--shard counts from 1"))
    }
}
