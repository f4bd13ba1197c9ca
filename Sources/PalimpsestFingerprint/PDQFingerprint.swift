import PalimpsestCore

/// A PDQ result: the 256-bit hash, its quality, and the hashes of the image's eight dihedral
/// transforms (rotations and mirror images), all from one DCT.
public struct PDQFingerprint: Hashable, Sendable {
    /// The hash of the image as given (equal to `dihedral[0]`).
    public var hash: Bits256
    /// PDQ's quality, 0…100; hashes below 50 are unreliable for matching.
    public var quality: Int
    /// Eight hashes in ``Dihedral`` order: original, rotate90, rotate180, rotate270, flipx,
    /// flipy, flipplus1, flipminus1.
    public var dihedral: [Bits256]

    /// Groups a hash, its quality and its dihedral variants.
    public init(hash: Bits256, quality: Int, dihedral: [Bits256]) {
        precondition(dihedral.count == 8, "PDQ has eight dihedral hashes")
        self.hash = hash
        self.quality = quality
        self.dihedral = dihedral
    }

    /// The hash of the image after `transform`.
    public func hash(for transform: Dihedral) -> Bits256 { dihedral[transform.rawValue] }
}
