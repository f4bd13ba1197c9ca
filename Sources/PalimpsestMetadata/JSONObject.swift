import PalimpsestCore

/// A JSON object: its members by name, and their names in document order. A repeated name
/// keeps its last value, as Python's `json` module does.
struct JSONObject: Equatable {
    private(set) var keys: [String] = []
    private var members: [String: JSONValue] = [:]

    /// The member named `key`.
    subscript(key: String) -> JSONValue? { members[key] }

    /// Adds or replaces a member.
    mutating func set(_ key: String, _ value: JSONValue) {
        if members.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    /// The members in document order.
    var entries: [(key: String, value: JSONValue)] { keys.map { ($0, members[$0]!) } }

    /// The number of members.
    var count: Int { keys.count }
}
