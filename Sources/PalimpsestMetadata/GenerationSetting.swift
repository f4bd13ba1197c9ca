import PalimpsestCore

/// One `key: value` pair of a generator's settings, as written.
public struct GenerationSetting: Sendable, Equatable, Codable {
    /// The key, such as `Steps` or `Hires upscale`.
    public var key: String
    /// The value as written (quoted values unquoted).
    public var value: String

    /// Creates a setting.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
