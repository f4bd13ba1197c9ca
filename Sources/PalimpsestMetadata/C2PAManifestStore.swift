import PalimpsestCore

/// A C2PA manifest store (Content Credentials) found in a file: its manifests, the active one
/// last. The signature is not validated, so this says what the file claims, not who made it.
public struct C2PAManifestStore: Sendable, Equatable, Codable {
    /// Where it was found: `jpeg-app11`, `png-caBX` or `webp-C2PA`.
    public var location: String
    /// Its size in bytes.
    public var byteCount: Int
    /// The manifests, in store order.
    public var manifests: [C2PAManifest] = []
    /// The label of the active manifest (the last one).
    public var activeManifest: String?
    /// Always `false`: Palimpsest does not check C2PA signatures or hashes.
    public var validated = false

    /// Creates an empty store description.
    public init(location: String, byteCount: Int) {
        self.location = location
        self.byteCount = byteCount
    }

    /// The claim generator of the active manifest.
    public var claimGenerator: String? { manifests.last?.generator }
}
