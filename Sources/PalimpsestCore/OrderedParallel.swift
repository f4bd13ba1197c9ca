import Foundation

/// Runs work on several threads and hands the results back one at a time, in input order.
///
/// `work` runs concurrently on up to `jobs` threads; `emit` runs serially, in the order of
/// `items`, as soon as each result and all those before it are ready, so that output and
/// ledger writes are deterministic while decoding uses every core.
public enum OrderedParallel {
    /// Processes `items`.
    ///
    /// - Parameters:
    ///   - items: the inputs.
    ///   - jobs: the number of threads (at least 1).
    ///   - work: computes one result; called concurrently.
    ///   - emit: receives each result in order; never called concurrently.
    public static func run<Item: Sendable, Result: Sendable>(
        _ items: [Item], jobs: Int,
        work: @Sendable (Item) -> Result,
        emit: (Int, Result) -> Void
    ) {
        let state = State<Result>()
        withoutActuallyEscaping(emit) { emit in
            let box = EmitBox(emit: emit)
            DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, items.count))) { _ in
                while let i = state.claim(limit: items.count) {
                    let result = work(items[i])
                    state.complete(i, result, box)
                }
            }
        }
    }

    /// The number of cores.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    private final class EmitBox<Result>: @unchecked Sendable {
        let emit: (Int, Result) -> Void
        init(emit: @escaping (Int, Result) -> Void) { self.emit = emit }
    }

    private final class State<Result>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var nextToEmit = 0
        private var ready: [Int: Result] = [:]

        func claim(limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard next < limit else { return nil }
            next += 1
            return next - 1
        }

        func complete(_ i: Int, _ result: Result, _ box: EmitBox<Result>) {
            lock.lock()
            defer { lock.unlock() }
            ready[i] = result
            while let r = ready.removeValue(forKey: nextToEmit) {
                box.emit(nextToEmit, r)
                nextToEmit += 1
            }
        }
    }
}
