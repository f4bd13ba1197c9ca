import PalimpsestCore

/// A JSON value from metadata, as parsed by ``BoundedJSONParser``. Numbers keep their text, so
/// 64-bit seeds survive exactly.
indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member named `key`, when this is an object that has one.
    subscript(key: String) -> JSONValue? {
        guard case let .object(object) = self else { return nil }
        return object[key]
    }

    /// The object, when this is one.
    var object: JSONObject? {
        if case let .object(object) = self { return object }
        return nil
    }

    /// The elements, when this is an array.
    var array: [JSONValue]? {
        if case let .array(elements) = self { return elements }
        return nil
    }

    /// The text, when this is a string.
    var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    /// The value as a number: a JSON number, or a string holding one (some tools quote numbers).
    var double: Double? {
        switch self {
        case let .number(text), let .string(text): Double(text)
        default: nil
        }
    }

    /// The value as an integer, when it is a whole number.
    var int: Int? {
        guard let double, double.rounded() == double, abs(double) < 1e15 else { return nil }
        return Int(double)
    }

    /// The value as a seed or identifier: a number's text exactly as written, or a string.
    var scalarText: String? {
        switch self {
        case let .number(text), let .string(text): text
        case let .bool(flag): flag ? "true" : "false"
        default: nil
        }
    }
}
