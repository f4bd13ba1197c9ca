import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestLedger

extension ImageFacts {
    /// The facts of an image with the given fingerprints.
    public init(format: ImageFormat, width: Int, height: Int, fileSize: Int64, fingerprints f: Fingerprints,
                metadataJSON: String? = nil, localFeatures: (extractor: String, data: [UInt8])? = nil) {
        self.init(format: format, width: width, height: height, fileSize: fileSize, sha256: f.sha256,
                  pixelDigest: f.pixelDigest, pdq: f.pdq.hash, pdqQuality: f.pdq.quality, pdqDihedral: f.pdq.dihedral,
                  hashCodes: f.hashes.byName, embedding: f.embedding, embedder: f.embedderIdentifier,
                  metadataJSON: metadataJSON, localFeatures: localFeatures)
    }

    /// The image's fingerprints, as recorded.
    public var fingerprints: Fingerprints {
        Fingerprints(sha256: sha256, pixelDigest: pixelDigest,
                     pdq: PDQFingerprint(hash: pdq, quality: pdqQuality, dihedral: pdqDihedral),
                     hashes: HashCodes(hashCodes), embedding: embedding, embedderIdentifier: embedder)
    }
}
