/// A coding key made at run time, for types whose keys come from a registry (a perceptual
/// hash's name, a report format's name) rather than from their own properties.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }

    /// A key written as `name`.
    public init(_ name: String) { stringValue = name }
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }

    /// The key in snake case, whether the decoder kept it as written (`dhash_vertical`) or
    /// converted it from snake case (`dhashVertical`), as ``JSONCoding/decoder`` does.
    public var snakeCased: String {
        var name = ""
        for character in stringValue {
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
        return name
    }
}
