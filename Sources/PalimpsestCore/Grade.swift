/// How a query image relates to a reference image, from identical to unrelated.
public enum Grade: String, Codable, Sendable, CaseIterable, Comparable {
    /// The same file bytes, or the same decoded pixels.
    case exact
    /// The same picture after re-encoding, resizing, colour or light edits, flips or rotation.
    case nearDuplicate = "near-duplicate"
    /// Made from the reference: composition and layout copied, texture or style changed
    /// (image-to-image generation, heavy edits).
    case derivative
    /// A region of the reference copied into the query.
    case partial
    /// No evidence of copying.
    case none

    /// Whether the grade flags the pair as a copy of some kind.
    public var isFlagged: Bool { self != .none }

    /// Severity, highest for `exact`; orders grades worst first.
    public var severity: Int {
        switch self {
        case .exact: 4
        case .nearDuplicate: 3
        case .derivative: 2
        case .partial: 1
        case .none: 0
        }
    }

    public static func < (a: Grade, b: Grade) -> Bool { a.severity < b.severity }
}
