import PalimpsestCore

/// The registry of perceptual hashes: every hash Palimpsest computes, stores, compares and
/// reports, in the order they are listed everywhere. PDQ, which also carries a quality and the
/// hashes of the image's eight dihedral transforms, and keys the multi-index and hash lists, is
/// computed apart by ``PDQHasher``.
public enum PerceptualHashes {
    /// Every registered hash. To add one, write its type and list it here.
    public static let all: [any PerceptualHash] = [
        AverageHash(),
        DifferenceHash(),
        DCTHash(),
        HaarWaveletHash(),
        ColorHistogramHash(),
        VerticalDifferenceHash(),
    ]

    /// The registered hash called `name`.
    public static func named(_ name: String) -> (any PerceptualHash)? {
        all.first { $0.name == name }
    }

    /// The names of every registered hash, in order.
    public static var names: [String] { all.map(\.name) }
}
