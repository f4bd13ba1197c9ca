import Foundation
import Palimpsest
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
            // Given a PostgreSQL ledger and a folder of 20 inputs, queued with scan --enqueue
            let url = try server.createDatabase()
            let work = try Synthetic.temporaryDirectory()

            // When two workers run on the queue at once
            let outcome = try TwoWorkerScenario(ledger: url, work: work).run()

            // Then both did part of the work and, between them, recorded every input once
            for worker in outcome.workers {
                #expect(worker.status == 0, "worker failed: \(worker.stderr)")
                print(worker.stdout)
            }
            let perWorker = outcome.recordedPerWorker
            #expect(perWorker.allSatisfy { $0 > 0 }, "both workers should have recorded inputs: \(perWorker)")
            #expect(perWorker.reduce(0, +) == TwoWorkerScenario.inputCount)

            let ledger = try Ledger(location: LedgerLocation(parsing: url))
            let findings = try ledger.findings(inRun: outcome.runID).map(\.finding.queryPath)
            let errors = try ledger.errors(inRun: outcome.runID).map(\.path)
            #expect(findings.count + errors.count == TwoWorkerScenario.inputCount)
            #expect(Set(findings).count == findings.count)
            #expect(Set(findings + errors) == outcome.inputs)
            #expect(errors.map { ($0 as NSString).lastPathComponent } == ["broken.jpg"])
            #expect(try ledger.queueProgress(runID: outcome.runID) == QueueProgress(total: 20, done: 20, claimed: 0))

            // And one worker finished the run and wrote its report, covering every input
            #expect(outcome.reportPaths.count == 1)
            let reportPath = try #require(outcome.reportPaths.first)
            let report = try JSONCoding.decoder.decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: reportPath)))
            #expect(report.findings.count + report.errors.count == TwoWorkerScenario.inputCount)
            #expect(try ledger.run(id: outcome.runID).finishedAt != nil)
            var completions = 0
            try ledger.exportChain { if $0.kind == .runCompletion { completions += 1 } }
            #expect(completions == 2, "one completion for corpus add, one for the queued scan")
            let verification = try ledger.verifyChain()
            #expect(verification.isIntact, "\(verification.problems)")
        }
    }
}
