import PalimpsestCore

/// A bounded CBOR (RFC 8949) decoder: nesting depth, item count and text length are capped,
/// and every declared length is checked against the bytes that remain.
struct CBORReader {
    /// Why the bytes were not read.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case truncated
        case malformed
        case tooDeep
        case tooManyItems

        var description: String {
            switch self {
            case .truncated: "CBOR ends early"
            case .malformed: "malformed CBOR"
            case .tooDeep: "CBOR nested too deeply"
            case .tooManyItems: "too many CBOR items"
            }
        }
    }

    private let bytes: ArraySlice<UInt8>
    private let limits: MetadataLimits
    private var i: Int
    private var items = 0

    init(_ bytes: ArraySlice<UInt8>, limits: MetadataLimits) {
        self.bytes = bytes
        self.limits = limits
        i = bytes.startIndex
    }

    /// Reads one data item from the start of the bytes.
    mutating func read() throws(Failure) -> CBORValue {
        try item(depth: 0)
    }

    private mutating func byte() throws(Failure) -> UInt8 {
        guard i < bytes.endIndex else { throw .truncated }
        defer { i += 1 }
        return bytes[i]
    }

    /// The argument of an initial byte: the value itself, or the 1, 2, 4 or 8 bytes after it;
    /// `nil` for an indefinite length.
    private mutating func argument(_ info: UInt8) throws(Failure) -> UInt64? {
        switch info {
        case 0 ..< 24: return UInt64(info)
        case 24, 25, 26, 27:
            let size = 1 << Int(info - 24)
            guard bytes.endIndex - i >= size else { throw .truncated }
            var value: UInt64 = 0
            for _ in 0 ..< size { value = value << 8 | UInt64(try byte()) }
            return value
        case 31: return nil
        default: throw .malformed
        }
    }

    /// A definite length that fits in the bytes left (each element takes at least one byte).
    private func length(_ value: UInt64) throws(Failure) -> Int {
        guard value <= UInt64(bytes.endIndex - i) else { throw .truncated }
        return Int(value)
    }

    private mutating func item(depth: Int) throws(Failure) -> CBORValue {
        guard depth <= limits.maxCBORDepth else { throw .tooDeep }
        items += 1
        guard items <= limits.maxCBORItems else { throw .tooManyItems }
        let initial = try byte()
        let major = initial >> 5, info = initial & 0x1F
        switch major {
        case 0:
            guard let value = try argument(info) else { throw .malformed }
            return .unsigned(value)
        case 1:
            guard let value = try argument(info) else { throw .malformed }
            return .negative(value)
        case 2, 3:
            let data = try string(info, major: major)
            if major == 2 { return .bytes(count: data.count) }
            let text = TextDecoding.utf8(data).text
            return .text(TextDecoding.truncated(text, toUTF8Bytes: limits.maxStringBytes).text)
        case 4:
            var elements: [CBORValue] = []
            if let count = try argument(info) {
                for _ in 0 ..< (try length(count)) { elements.append(try item(depth: depth + 1)) }
            } else {
                while try !atBreak() { elements.append(try item(depth: depth + 1)) }
            }
            return .array(elements)
        case 5:
            var pairs: [CBORPair] = []
            if let count = try argument(info) {
                for _ in 0 ..< (try length(count)) {
                    pairs.append(CBORPair(key: try item(depth: depth + 1), value: try item(depth: depth + 1)))
                }
            } else {
                while try !atBreak() { pairs.append(CBORPair(key: try item(depth: depth + 1), value: try item(depth: depth + 1))) }
            }
            return .map(pairs)
        case 6:
            guard let tag = try argument(info) else { throw .malformed }
            return .tagged(tag, try item(depth: depth + 1))
        default:
            return try simple(info)
        }
    }

    /// The bytes of a byte or text string, joining the chunks of an indefinite one.
    private mutating func string(_ info: UInt8, major: UInt8) throws(Failure) -> ArraySlice<UInt8> {
        if let count = try argument(info) {
            let n = try length(count)
            defer { i += n }
            return bytes[i ..< i + n]
        }
        var joined: [UInt8] = []
        while try !atBreak() {
            let chunk = try byte()
            guard chunk >> 5 == major, chunk & 0x1F != 31, let count = try argument(chunk & 0x1F) else { throw .malformed }
            let n = try length(count)
            joined.append(contentsOf: bytes[i ..< i + n])
            i += n
        }
        return joined[...]
    }

    /// Consumes a break byte (0xFF) when one is next.
    private mutating func atBreak() throws(Failure) -> Bool {
        guard i < bytes.endIndex else { throw .truncated }
        if bytes[i] == 0xFF {
            i += 1
            return true
        }
        return false
    }

    private mutating func simple(_ info: UInt8) throws(Failure) -> CBORValue {
        switch info {
        case 20: return .bool(false)
        case 21: return .bool(true)
        case 22: return .null
        case 23: return .undefined
        case 24: return .simple(try byte())
        case 25:
            guard let bits = try argument(25) else { throw .malformed }
            return .float(Double(Float16Bits.value(UInt16(bits))))
        case 26:
            guard let bits = try argument(26) else { throw .malformed }
            return .float(Double(Float(bitPattern: UInt32(bits))))
        case 27:
            guard let bits = try argument(27) else { throw .malformed }
            return .float(Double(bitPattern: bits))
        case 0 ..< 20: return .simple(info)
        default: throw .malformed
        }
    }
}
