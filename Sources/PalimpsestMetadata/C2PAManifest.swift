import PalimpsestCore

/// One manifest of a C2PA manifest store: who made the claim, with what, and what it asserts.
public struct C2PAManifest: Sendable, Equatable, Codable {
    /// The manifest's label (`urn:uuid:…` or `urn:c2pa:…`).
    public var label: String
    /// The claim's `claim_generator` (claims version 1).
    public var claimGenerator: String?
    /// `claim_generator_info`, each entry as `name version`.
    public var claimGeneratorInfo: [String] = []
    /// `dc:title`, or `title` in version 2 claims.
    public var title: String?
    /// `dc:format`.
    public var format: String?
    /// The claim box's label: `c2pa.claim` or `c2pa.claim.v2`.
    public var claimLabel: String?
    /// The labels of the assertions in the assertion store.
    public var assertions: [String] = []
    /// The actions of `c2pa.actions` assertions.
    public var actions: [C2PAAction] = []
    /// The ingredients of `c2pa.ingredient` assertions.
    public var ingredients: [C2PAIngredient] = []
    /// Whether a claim signature box is present (it is not validated).
    public var hasSignature = false

    /// Creates a manifest description.
    public init(label: String) { self.label = label }

    /// The generator in one string: `claim_generator`, else the first `claim_generator_info`.
    public var generator: String? { claimGenerator ?? claimGeneratorInfo.first }
}
