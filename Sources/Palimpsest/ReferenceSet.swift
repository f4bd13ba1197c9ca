import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestLedger
import PalimpsestMatch

/// The references of a scan, loaded from the ledger: the search index plus, by index position,
/// what the matcher and the report need to know about each reference.
public struct ReferenceSet: Sendable {
    /// The search index.
    public let index: FingerprintIndex
    /// The references, by index position.
    public let references: [StoredReference]
    /// Local features by index position, when stored.
    public let features: [LocalFeatures?]
    /// The local features of all references, for voting.
    public let localIndex: LocalFeatureIndex

    /// Loads every image of the named corpora. Embeddings from another embedder than
    /// `embedderIdentifier` are left out of the index (they are not comparable).
    public init(ledger: Ledger, corpora: [String], embedder: any Embedder) throws {
        self.init(references: try ledger.references(inCorpora: corpora, featureExtractor: LocalFeatureExtractor.identifier),
                  embedder: embedder)
    }

    /// Indexes the given references, in order.
    public init(references: [StoredReference], embedder: any Embedder) {
        var index = FingerprintIndex(embeddingDimension: embedder.dimension)
        index.reserveCapacity(references.count)
        for (key, reference) in references.enumerated() {
            let embedding = reference.embedder == embedder.identifier ? reference.embedding : nil
            index.add(key: Int64(key), pdq: reference.pdq, pdqQuality: reference.pdqQuality,
                      phash: reference.hashes?.phash, embedding: embedding)
        }
        self.index = index
        self.references = references
        features = references.map { $0.localFeatures.flatMap(LocalFeatures.init(serialized:)) }
        var localIndex = LocalFeatureIndex()
        for f in features { localIndex.add(f ?? LocalFeatures(width: 0, height: 0, keypoints: [], descriptors: [])) }
        self.localIndex = localIndex
    }

    /// The facts the matcher needs about the reference at `position`.
    public func details(at position: Int) -> ReferenceDetails? {
        let r = references[position]
        return ReferenceDetails(sha256: r.sha256, pixelDigest: r.pixelDigest, hashes: r.hashes)
    }
}
