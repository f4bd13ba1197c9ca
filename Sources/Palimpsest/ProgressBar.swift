import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
public final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private var done = 0
    private var lastDrawn = Date.distantPast

    /// Creates a bar for `total` items; it stays silent unless standard error is a terminal.
    public init(total: Int, label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.label = label
        self.enabled = enabled && total > 0
    }

    /// Marks one more item done. Call from one thread at a time.
    public func advance() {
        done += 1
        guard enabled else { return }
        let now = Date()
        if done == total || now.timeIntervalSince(lastDrawn) > 0.1 {
            lastDrawn = now
            let width = 30
            let filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}
