import PalimpsestCore

/// The codes of an image's registered perceptual hashes (``PerceptualHashes``), by name.
///
/// ```swift
/// let codes = ImageHasher().hashes(raster)
/// print(codes["phash"]?.hex ?? "none")
/// ```
public struct HashCodes: Hashable, Sendable, Sequence {
    /// Each hash's code, by the hash's name.
    public var byName: [String: HashCode]

    /// Groups codes by name.
    public init(_ byName: [String: HashCode] = [:]) {
        self.byName = byName
    }

    /// The code of the hash called `name`, if the image has one.
    public subscript(name: String) -> HashCode? {
        get { byName[name] }
        set { byName[name] = newValue }
    }

    /// The code of `hash`, if the image has one.
    public subscript(hash: some PerceptualHash) -> HashCode? { byName[hash.name] }

    /// The pHash as a 64-bit value, which the fingerprint index searches.
    public var phash: Hash64? { self["phash"].flatMap { Hash64(hex: $0.hex) } }

    /// Whether no hash has a code.
    public var isEmpty: Bool { byName.isEmpty }

    /// The codes in registry order (hashes without a code are left out), then any the registry
    /// does not know, by name.
    public func makeIterator() -> IndexingIterator<[(name: String, code: HashCode)]> {
        let registered = PerceptualHashes.names
        let known = registered.compactMap { name in byName[name].map { (name: name, code: $0) } }
        let unknown = byName.keys.filter { !registered.contains($0) }.sorted().map { (name: $0, code: byName[$0]!) }
        return (known + unknown).makeIterator()
    }
}
