/// The value of one perceptual hash of one image, as the ledger stores it and reports print it:
/// its bits as lower-case hex digits, exactly as the reference tool prints them (ImageHash's
/// `str()`), keyed by the hash's name (see `PerceptualHash` in PalimpsestFingerprint).
///
/// ```swift
/// let code = HashCode(hex: "f8f8f8f0f0f0e0c0")
/// print(code.hex)
/// ```
public struct HashCode: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Lower-case hex digits.
    public var hex: String

    /// Wraps hex digits, lower-casing them.
    public init(hex: String) {
        self.hex = hex.lowercased()
    }

    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        self.init(hex: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
