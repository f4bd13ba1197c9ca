import PalimpsestCore

/// A JSON parser for hostile text: nesting, value count and string length are capped, so a
/// deeply nested or enormous document fails fast instead of exhausting the stack or memory.
///
/// It accepts what Python's `json` module writes, including `NaN`, `Infinity` and `-Infinity`
/// (ComfyUI workflows contain them). Strings longer than ``MetadataLimits/maxStringBytes`` are
/// cut short and counted in ``Document/truncatedStrings``.
struct BoundedJSONParser {
    /// Why a document was not parsed.
    enum Failure: Error, Equatable, CustomStringConvertible {
        /// Arrays and objects nested deeper than the limit.
        case tooDeep(Int)
        /// More values than the limit.
        case tooManyValues(Int)
        /// Not JSON, at this byte offset.
        case malformed(offset: Int)

        var description: String {
            switch self {
            case let .tooDeep(limit): "nested deeper than \(limit) levels"
            case let .tooManyValues(limit): "more than \(limit) values"
            case let .malformed(offset): "not valid JSON (at byte \(offset))"
            }
        }
    }

    /// A parsed document.
    struct Document {
        /// The top-level value.
        var value: JSONValue
        /// How many strings were cut to the length limit.
        var truncatedStrings: Int
    }

    let limits: MetadataLimits

    /// Parses a whole document (whitespace around it allowed).
    func parse(_ text: String) throws(Failure) -> Document {
        var state = State(bytes: Array(text.utf8), limits: limits)
        state.skipWhitespace()
        let value = try state.value(depth: 0)
        state.skipWhitespace()
        guard state.i == state.bytes.count else { throw .malformed(offset: state.i) }
        return Document(value: value, truncatedStrings: state.truncatedStrings)
    }

    private struct State {
        let bytes: [UInt8]
        let limits: MetadataLimits
        var i = 0
        var values = 0
        var truncatedStrings = 0

        init(bytes: [UInt8], limits: MetadataLimits) {
            self.bytes = bytes
            self.limits = limits
        }

        mutating func skipWhitespace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            values += 1
            guard values <= limits.maxJSONValues else { throw .tooManyValues(limits.maxJSONValues) }
            guard i < bytes.count else { throw .malformed(offset: i) }
            switch bytes[i] {
            case UInt8(ascii: "{"): return try object(depth: depth + 1)
            case UInt8(ascii: "["): return try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "N"): try literal("NaN"); return .number("NaN")
            case UInt8(ascii: "I"): try literal("Infinity"); return .number("Infinity")
            default: return .number(try number())
            }
        }

        mutating func literal(_ word: String) throws(Failure) {
            guard bytes.hasBytes(Array(word.utf8), at: i) else { throw .malformed(offset: i) }
            i += word.utf8.count
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= limits.maxJSONDepth else { throw .tooDeep(limits.maxJSONDepth) }
            i += 1
            var object = JSONObject()
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw .malformed(offset: i) }
                let key = try string()
                skipWhitespace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw .malformed(offset: i) }
                i += 1
                skipWhitespace()
                object.set(key, try value(depth: depth))
                skipWhitespace()
                guard i < bytes.count else { throw .malformed(offset: i) }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "}") else { throw .malformed(offset: i) }
                i += 1
                return .object(object)
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            guard depth <= limits.maxJSONDepth else { throw .tooDeep(limits.maxJSONDepth) }
            i += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard i < bytes.count else { throw .malformed(offset: i) }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                guard bytes[i] == UInt8(ascii: "]") else { throw .malformed(offset: i) }
                i += 1
                return .array(elements)
            }
        }

        mutating func number() throws(Failure) -> String {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
                i += 1
                if bytes.hasBytes(Array("Infinity".utf8), at: i) {
                    i += 8
                    return "-Infinity"
                }
            }
            while i < bytes.count, Self.isNumberByte(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start ..< i], as: UTF8.self)
            guard i > start, Double(text) != nil else { throw .malformed(offset: start) }
            return text
        }

        static func isNumberByte(_ b: UInt8) -> Bool {
            (0x30 ... 0x39).contains(b) || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                || b == UInt8(ascii: "+") || b == UInt8(ascii: "-")
        }

        mutating func string() throws(Failure) -> String {
            let start = i
            i += 1
            var out: [UInt8] = []
            var cut = false
            func append(_ piece: some Sequence<UInt8>) {
                guard !cut else { return }
                out.append(contentsOf: piece)
                if out.count > limits.maxStringBytes { cut = true }
            }
            while true {
                // Copy the run up to the next quote or backslash in one go.
                let runStart = i
                while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") {
                    guard bytes[i] >= 0x20 else { throw .malformed(offset: i) }
                    i += 1
                }
                append(bytes[runStart ..< i])
                guard i < bytes.count else { throw .malformed(offset: start) }
                if bytes[i] == UInt8(ascii: "\"") {
                    i += 1
                    break
                }
                i += 1
                guard i < bytes.count else { throw .malformed(offset: start) }
                let escape = bytes[i]
                i += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): append([escape])
                case UInt8(ascii: "b"): append([0x08])
                case UInt8(ascii: "f"): append([0x0C])
                case UInt8(ascii: "n"): append([0x0A])
                case UInt8(ascii: "r"): append([0x0D])
                case UInt8(ascii: "t"): append([0x09])
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800 ..< 0xDC00).contains(scalar), bytes.hasBytes([0x5C, 0x75], at: i) {
                        let saved = i
                        i += 2
                        let low = try hex4()
                        if (0xDC00 ..< 0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = saved
                        }
                    }
                    append(Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default:
                    throw .malformed(offset: i - 1)
                }
            }
            if cut {
                truncatedStrings += 1
                return TextDecoding.truncated(String(decoding: out, as: UTF8.self), toUTF8Bytes: limits.maxStringBytes).text
            }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard i + 4 <= bytes.count else { throw .malformed(offset: i) }
            var value: UInt32 = 0
            for b in bytes[i ..< i + 4] {
                let digit: UInt8
                switch b {
                case 0x30 ... 0x39: digit = b - 0x30
                case 0x41 ... 0x46: digit = b - 0x41 + 10
                case 0x61 ... 0x66: digit = b - 0x61 + 10
                default: throw .malformed(offset: i)
                }
                value = value << 4 | UInt32(digit)
            }
            i += 4
            return value
        }
    }
}
