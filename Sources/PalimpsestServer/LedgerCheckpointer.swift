import Dispatch
import Logging
import Palimpsest
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
        try? await cancelWhenGracefulShutdown { [self] in
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await checkpoint()
            }
        }
    }

    /// One checkpoint.
    private func checkpoint() async {
        let ledger = self.ledger
        let outcome = await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: Result { try ledger.checkpoint() }) }
        }
        if case let .failure(error) = outcome {
            logger.error("Cannot checkpoint the ledger, will try again: \(describeFailure(error).message)")
        }
    }
}
