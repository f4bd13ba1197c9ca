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
}
