import Foundation
import Palimpsest
import LedgerSpecifications
import PalimpsestTestSupport
import Testing

extension PostgresTests {
    /// Many writers and many workers on one PostgreSQL ledger.
    @Suite("workers")
    struct Workers {
        let server: TemporaryPostgres

        init() throws {
            server = try PostgresTests.server
        }

        private var specification: LedgerConcurrencySpecification {
            get throws {
                let url = try server.createDatabase()
                return LedgerConcurrencySpecification { try Ledger(location: LedgerLocation(parsing: url)) }
            }
        }

        @Test("an input whose lease ran out is taken over, and only its new holder's result is recorded")
        func leaseTakeover() throws {
            try specification.leaseTakeover()
        }

        @Test("workers claiming at once never get the same input")
        func claimsAreDisjoint() throws {
            try specification.claimsAreDisjoint()
        }

        @Test("findings recorded at once through many connections make one linear chain")
        func concurrentAppends() throws {
            try specification.concurrentAppendsStayLinear()
        }

        @Test("two worker processes on one queue of 20 inputs record every input exactly once, and one writes the report")
        func twoWorkers() throws {
            // Given a PostgreSQL ledger and 20 inputs queued with scan --enqueue
            let url = try server.createDatabase()
            let scenario = try WorkerScenario(ledger: url, work: try Synthetic.temporaryDirectory())
            let queue = try scenario.enqueue()

            // When two workers run on the queue at once
            let workers = try scenario.runWorkers(2, runID: queue.runID)

            // Then both did part of the work and, between them, recorded every input once
            for worker in workers {
                #expect(worker.status == 0, "worker failed: \(worker.stderr)")
                print(worker.stdout)
            }
            let recorded = workers.map(WorkerScenario.recorded(by:))
            #expect(recorded.allSatisfy { $0 > 0 }, "both workers should have recorded inputs: \(recorded)")
            #expect(recorded.reduce(0, +) == WorkerScenario.inputCount)
            let ledger = try Ledger(location: LedgerLocation(parsing: url))
            try WorkerScenario.expectEachInputRecordedOnce(queue, in: ledger)

            // And the worker that finished the run wrote a report covering every input
            let reports = workers.compactMap(WorkerScenario.reportPath(of:))
            #expect(reports.count == 1)
            let report = try JSONCoding.decoder.decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: try #require(reports.first))))
            #expect(report.findings.count + report.errors.count == WorkerScenario.inputCount)
        }

        @Test("two worker processes on a queue in two shards do every part and record every input exactly once")
        func twoWorkersOnShards() throws {
            // Given 20 inputs queued in two shards
            let url = try server.createDatabase()
            let scenario = try WorkerScenario(ledger: url, work: try Synthetic.temporaryDirectory())
            let queue = try scenario.enqueue(shards: 2)

            // When two workers, neither given a shard, run on the queue at once
            let workers = try scenario.runWorkers(2, runID: queue.runID)

            // Then they did the 40 parts between them, recorded every input once, and one wrote the report
            for worker in workers { #expect(worker.status == 0, "worker failed: \(worker.stderr)") }
            let parts = workers.map { worker in
                worker.stdout.split(separator: "\n").first { $0.contains("proposed candidates for") }
                    .flatMap { Int($0.split(separator: " ").drop { $0 != "for" }.dropFirst().first ?? "") } ?? 0
            }
            #expect(parts.reduce(0, +) == 2 * WorkerScenario.inputCount, "\(workers.map(\.stdout))")
            #expect(workers.map(WorkerScenario.recorded(by:)).reduce(0, +) == WorkerScenario.inputCount)
            try WorkerScenario.expectEachInputRecordedOnce(queue, in: try Ledger(location: LedgerLocation(parsing: url)))
            #expect(workers.compactMap(WorkerScenario.reportPath(of:)).count == 1)
        }

        @Test("a worker killed mid-run leaves its claims to another worker once their lease runs out")
        func killedWorkerIsReplaced() throws {
            // Given 20 queued inputs and a worker with a 3-second lease, killed once it has recorded a few
            let url = try server.createDatabase()
            let scenario = try WorkerScenario(ledger: url, work: try Synthetic.temporaryDirectory())
            let queue = try scenario.enqueue()
            let ledger = try Ledger(location: LedgerLocation(parsing: url))
            let cli = try CommandRunner()
            let doomed = try cli.start(scenario.workerArguments(runID: queue.runID, lease: 3))
            let deadline = Date().addingTimeInterval(120)
            while try ledger.queueProgress(runID: queue.runID).done < 3, Date() < deadline, doomed.isRunning {
                Thread.sleep(forTimeInterval: 0.05)
            }
            kill(doomed.processIdentifier, SIGKILL)
            doomed.waitUntilExit()
            let left = try ledger.queueProgress(runID: queue.runID)
            try #require(left.done < WorkerScenario.inputCount, "the worker finished before it could be killed")
            #expect(left.claimed > 0, "the killed worker held claims: \(left)")

            // When another worker starts after the lease ran out
            Thread.sleep(forTimeInterval: 3.5)
            let replacement = try cli.run(scenario.workerArguments(runID: queue.runID))

            // Then it records everything that was left, exactly once, and finishes the run
            #expect(replacement.status == 0, "\(replacement.stderr)")
            #expect(WorkerScenario.recorded(by: replacement) == WorkerScenario.inputCount - left.done)
            #expect(WorkerScenario.reportPath(of: replacement) != nil)
            try WorkerScenario.expectEachInputRecordedOnce(queue, in: ledger)
        }
    }
}
