import PalimpsestCore
import Foundation

/// A value worked out once, on demand, by the first search that needs it, and shared by the
/// copies of the index holding it until one of them changes (and holds a new one).
final class BuiltOnce<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var built: Value?

    /// The value, if built.
    var existing: Value? { lock.withLock { built } }

    /// The value, built by `make` the first time.
    func value(_ make: () -> Value) -> Value {
        lock.withLock {
            if let built { return built }
            let made = make()
            built = made
            return made
        }
    }
}
