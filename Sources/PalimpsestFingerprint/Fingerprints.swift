import PalimpsestCore

/// Everything Palimpsest computes about one image, from one decode.
public struct Fingerprints: Sendable {
    /// SHA-256 of the file's bytes, as 64 lower-case hex digits: the image's identity in the ledger.
    public var sha256: String
    /// SHA-256 of the decoded pixels and their dimensions: equal for files that decode to the
    /// same pixels at the same size, whatever their encoding.
    public var pixelDigest: String
    /// PDQ hash, quality and dihedral variants.
    public var pdq: PDQFingerprint
    /// Every registered perceptual hash (``PerceptualHashes``) but PDQ, by name.
    public var hashes: HashCodes
    /// The global descriptor from the ``Embedder`` named by ``embedderIdentifier``.
    public var embedding: [Float]
    /// Which embedder produced ``embedding``.
    public var embedderIdentifier: String

    /// Groups an image's fingerprints.
    public init(sha256: String, pixelDigest: String, pdq: PDQFingerprint, hashes: HashCodes,
                embedding: [Float], embedderIdentifier: String) {
        self.sha256 = sha256
        self.pixelDigest = pixelDigest
        self.pdq = pdq
        self.hashes = hashes
        self.embedding = embedding
        self.embedderIdentifier = embedderIdentifier
    }
}
