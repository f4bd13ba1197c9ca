import PalimpsestCore

/// One ingredient of a C2PA manifest: an input the asset was made from. An image given to a
/// generative model as input is an ingredient with relationship `inputTo`.
public struct C2PAIngredient: Sendable, Equatable, Codable {
    /// `title`.
    public var title: String?
    /// `format`.
    public var format: String?
    /// `relationship`: `parentOf`, `componentOf` or `inputTo`.
    public var relationship: String?

    /// Creates an ingredient.
    public init(title: String? = nil, format: String? = nil, relationship: String? = nil) {
        self.title = title
        self.format = format
        self.relationship = relationship
    }
}
