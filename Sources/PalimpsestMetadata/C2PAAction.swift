import PalimpsestCore

/// One action of a C2PA `c2pa.actions` assertion, such as `c2pa.created` with a digital source
/// type of `trainedAlgorithmicMedia`.
public struct C2PAAction: Sendable, Equatable, Codable {
    /// `action`: `c2pa.created`, `c2pa.edited`, `c2pa.opened`, …
    public var action: String
    /// `digitalSourceType`: an IPTC NewsCodes URI.
    public var digitalSourceType: String?
    /// `softwareAgent`: a string, or the `name` (and `version`) of a generator-info map.
    public var softwareAgent: String?

    /// Creates an action.
    public init(action: String, digitalSourceType: String? = nil, softwareAgent: String? = nil) {
        self.action = action
        self.digitalSourceType = digitalSourceType
        self.softwareAgent = softwareAgent
    }
}
