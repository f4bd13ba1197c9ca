import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch

/// A failure to read or write a hash list.
public enum HashListError: PalimpsestError, Equatable {
    /// The list file could not be read.
    case unreadable(path: String, reason: String)
    /// The list file could not be written.
    case unwritable(path: String, reason: String)
    /// `--strict` was given and some lines are malformed: nothing was imported.
    case malformedLines(source: String, count: Int)

    public var kind: String {
        switch self {
        case .unreadable: "unreadable"
        case .unwritable: "unwritable"
        case .malformedLines: "malformed-hash-list"
        }
    }

    public var message: String {
        switch self {
        case let .unreadable(path, reason):
            "Cannot read the hash list \(path): \(reason). Check the path, or pass - to read standard input."
        case let .unwritable(path, reason):
            "Cannot write the hash list to \(path): \(reason). Check that its folder exists and can be written."
        case let .malformedLines(source, count):
            "\(source) has \(count) malformed \(count == 1 ? "line" : "lines") (listed above), so nothing was imported. "
                + "Fix them, or run without --strict to import the other lines."
        }
    }
}
