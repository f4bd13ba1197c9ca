import PalimpsestCore
import Dispatch
import ServiceLifecycle

/// Blocking work run every `interval` on a serial queue of its own (off the event loops and
/// Swift concurrency's threads) until the service group shuts down gracefully: the shape of
/// the service's background tasks.
struct Periodically: Sendable {
    let interval: Duration
    let queue: DispatchQueue

    /// Runs `work` after every interval and hands each outcome to `report`.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T,
                          report: @escaping @Sendable (Result<T, any Error>) -> Void) async {
        let (interval, queue) = (self.interval, self.queue)
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                let outcome = await withCheckedContinuation { continuation in
                    queue.async { continuation.resume(returning: Result { try work() }) }
                }
                report(outcome)
            }
        }
    }
}
