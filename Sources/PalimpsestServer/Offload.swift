import PalimpsestCore
import NIOConcurrencyHelpers
import NIOPosix

/// Runs CPU-heavy and blocking work (decoding, matching, ledger writes, report rendering) on
/// NIO's blocking thread pool, one thread per core, so that neither the event loops nor the
/// Swift concurrency pool wait on it.
///
/// Unlike `NIOThreadPool.runIfActive`, the caller stops waiting as soon as its task is
/// cancelled (by a timeout): work not started yet is skipped, and work already running
/// finishes on its thread and its result is dropped.
enum Offload {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let waiter = Waiter<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                guard waiter.install(continuation) else { return }
                NIOThreadPool.singleton.submit { state in
                    guard state == .active, waiter.isWaiting else {
                        waiter.resume(.failure(CancellationError()))
                        return
                    }
                    waiter.resume(Result(catching: work))
                }
            }
        } onCancel: {
            waiter.resume(.failure(CancellationError()))
        }
    }

    /// A continuation resumed once, by the work or by cancellation, whichever comes first.
    private final class Waiter<T: Sendable>: Sendable {
        private enum State {
            case idle, waiting(CheckedContinuation<T, any Error>), cancelledEarly, done
        }

        private let state = NIOLockedValueBox(State.idle)

        /// Stores the continuation; resumes it at once (and returns `false`) when already cancelled.
        func install(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
            let cancelled = state.withLockedValue { state -> Bool in
                if case .cancelledEarly = state { state = .done; return true }
                state = .waiting(continuation)
                return false
            }
            if cancelled { continuation.resume(throwing: CancellationError()) }
            return !cancelled
        }

        var isWaiting: Bool {
            state.withLockedValue { if case .waiting = $0 { true } else { false } }
        }

        func resume(_ result: Result<T, any Error>) {
            let continuation = state.withLockedValue { state -> CheckedContinuation<T, any Error>? in
                switch state {
                case let .waiting(continuation):
                    state = .done
                    return continuation
                case .idle:
                    state = .cancelledEarly
                    return nil
                case .cancelledEarly, .done:
                    return nil
                }
            }
            continuation?.resume(with: result)
        }
    }
}

/// Runs `operation`, or throws ``APIError/timeout(_:)`` when it has not finished within
/// `limit` (the operation is then cancelled).
func withDeadline<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard case let value?? = try await group.next() else { throw APIError.timeout(limit) }
        return value
    }
}
