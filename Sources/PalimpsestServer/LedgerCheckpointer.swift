import Dispatch
import Logging
import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport
import ServiceLifecycle

/// Moves the ledger's write-ahead log into its file every `interval` (``Ledger/checkpoint()``),
/// on a thread of its own, so that with a ledger opened for it (``Ledger/Checkpoints/whenAsked``)
/// no check's commit waits for the copy and its disk flush.
struct LedgerCheckpointer: Service {
    let ledger: Ledger
    let interval: Duration
    let logger: Logger
    private static let queue = DispatchQueue(label: "palimpsest.ledger-checkpoint")

    func run() async throws {
        let (ledger, logger) = (self.ledger, self.logger)
        await Periodically(interval: interval, queue: Self.queue).run({ try ledger.checkpoint() }) { outcome in
            if case let .failure(error) = outcome {
                logger.error("Cannot checkpoint the ledger, will try again: \(describeFailure(error).message)")
            }
        }
    }
}
