import PalimpsestCore

/// A CBOR data item from a C2PA claim or assertion, as read by ``CBORReader``. Byte strings
/// keep only their length: signatures and hashes are not needed to describe a manifest.
indirect enum CBORValue: Equatable {
    case unsigned(UInt64)
    case negative(UInt64)
    case bytes(count: Int)
    case text(String)
    case array([CBORValue])
    case map([CBORPair])
    case tagged(UInt64, CBORValue)
    case bool(Bool)
    case null
    case undefined
    case float(Double)
    case simple(UInt8)

    /// The value under a text key, when this is a map (looking through tags).
    subscript(key: String) -> CBORValue? {
        switch self {
        case let .map(pairs): pairs.first { $0.key == .text(key) }?.value
        case let .tagged(_, inner): inner[key]
        default: nil
        }
    }

    /// The text, when this is a text string (looking through tags).
    var text: String? {
        switch self {
        case let .text(text): text
        case let .tagged(_, inner): inner.text
        default: nil
        }
    }

    /// The elements, when this is an array (looking through tags).
    var array: [CBORValue]? {
        switch self {
        case let .array(elements): elements
        case let .tagged(_, inner): inner.array
        default: nil
        }
    }
}
