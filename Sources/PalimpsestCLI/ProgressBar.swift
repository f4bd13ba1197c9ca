import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
///
/// ```swift
/// let bar = ProgressBar(label: "scanning")
/// try ScanJob(ledger: ledger).run(paths: paths, options: options, commandLine: line, progress: bar.show)
/// ```
final class ProgressBar {
    private let label: String
    private let enabled: Bool
    private var lastDrawn = Date.distantPast

    /// Creates a bar; it stays silent unless standard error is a terminal.
    init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    /// Shows `completed` of `total` items done (at most ten times a second, and at the end).
    /// Call from one thread at a time.
    func show(_ completed: Int, _ total: Int) {
        guard enabled, total > 0, completed > 0 else { return }
        let now = Date()
        guard completed == total || now.timeIntervalSince(lastDrawn) > 0.1 else { return }
        lastDrawn = now
        let width = 30
        let filled = width * completed / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(completed)/\(total)".utf8))
        if completed == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
