import PalimpsestCore

/// A fragment of HTML markup that is safe to put into a page.
///
/// Markup is built by string interpolation: the literal parts are written by Palimpsest and
/// kept as they are, and every interpolated value that is not itself ``HTML`` is escaped
/// with ``escape(_:)``. So text from files (names, paths, metadata) can only ever appear as
/// text, in element content and in quoted attribute values alike.
///
/// ```swift
/// let name = "<img src=x onerror=alert(1)>.png"
/// let cell: HTML = "<td title=\"\(name)\">\(name)</td>"
/// // <td title="&lt;img src=x onerror=alert(1)&gt;.png">&lt;img src=x onerror=alert(1)&gt;.png</td>
/// ```
public struct HTML: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var markup: String

    /// Wraps markup that is known to be safe (written by Palimpsest, never taken from a file).
    public init(trusted markup: String) {
        self.markup = markup
    }

    /// A literal without interpolations: written by Palimpsest, kept as is.
    public init(stringLiteral value: String) {
        markup = value
    }

    /// Markup built from literals and escaped values.
    public init(stringInterpolation: Interpolation) {
        markup = stringInterpolation.markup
    }

    /// The markup.
    public var description: String { markup }

    /// The empty fragment.
    public static let empty = HTML(trusted: "")

    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references, safe in
    /// element content and in quoted attribute values: the one escaping function of reports.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}": out += "\u{FFFD}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Fragments one after another.
    public static func joined(_ parts: [HTML], separator: HTML = .empty) -> HTML {
        HTML(trusted: parts.map(\.markup).joined(separator: separator.markup))
    }

    /// Builds markup: literals verbatim, ``HTML`` values verbatim, everything else escaped.
    public struct Interpolation: StringInterpolationProtocol {
        var markup = ""

        /// Reserves room for the result.
        public init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// A literal part, written by Palimpsest: kept as is.
        public mutating func appendLiteral(_ literal: String) {
            markup += literal
        }

        /// A fragment that is already markup: kept as is.
        public mutating func appendInterpolation(_ fragment: HTML) {
            markup += fragment.markup
        }

        /// Fragments one after another.
        public mutating func appendInterpolation(_ fragments: [HTML]) {
            for fragment in fragments { markup += fragment.markup }
        }

        /// Any other value: its text, escaped.
        public mutating func appendInterpolation(_ value: some CustomStringConvertible) {
            markup += HTML.escape(value.description)
        }

        /// An optional value: its text escaped, or `placeholder` (escaped) when absent.
        public mutating func appendInterpolation(_ value: (some CustomStringConvertible)?, or placeholder: String) {
            markup += HTML.escape(value?.description ?? placeholder)
        }
    }
}
