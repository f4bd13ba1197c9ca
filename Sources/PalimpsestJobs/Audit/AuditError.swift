import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch

/// A failure of `palimpsest audit` before any output is processed.
public enum AuditError: PalimpsestError, Equatable {
    /// The `--prompts` file cannot be read.
    case unreadablePrompts(path: String, reason: String)

    public var kind: String { "prompts" }

    public var message: String {
        switch self {
        case let .unreadablePrompts(path, reason):
            "Cannot read the prompts file \(path): \(reason). It should be a CSV of file name, prompt (optionally seed, model)."
        }
    }
}
