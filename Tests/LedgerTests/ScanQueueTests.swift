import Foundation
import Palimpsest
import LedgerSpecifications
import PalimpsestTestSupport
import Testing

/// The scan queue and concurrent writers on a SQLite file, opened several times as workers
/// on one machine would: the same specification the PostgreSQL ledger passes.
@Suite("scan queue and concurrent writers (SQLite)")
struct ScanQueueTests {
    private var specification: LedgerConcurrencySpecification {
        get throws {
            let path = try Synthetic.temporaryDirectory().appendingPathComponent("ledger.sqlite").path
            return LedgerConcurrencySpecification { try Ledger(path: path) }
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

    @Test("findings recorded at once through several connections make one linear chain")
    func concurrentAppends() throws {
        try specification.concurrentAppendsStayLinear()
    }

    @Test("queuing the same path twice keeps one input, and a run without a queue is refused")
    func queueBookkeeping() throws {
        let ledger = try Ledger()
        try ledger.begin(RunRecord(id: "r", command: "scan", commandLine: "scan", toolVersion: "t", startedAt: Ledger.timestamp()))

        #expect(try ledger.enqueue(paths: ["/a.png", "/b.png"], runID: "r", top: 3) == 2)
        #expect(try ledger.enqueue(paths: ["/b.png", "/c.png"], runID: "r", top: 3) == 1)
        #expect(try ledger.queuedTop(runID: "r") == 3)
        #expect(try ledger.queueProgress(runID: "r") == QueueProgress(total: 3, done: 0, claimed: 0))
        #expect(throws: LedgerError.noQueue(runID: "other")) { try ledger.queuedTop(runID: "other") }
    }
}
