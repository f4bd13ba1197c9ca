import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestLedger
import PalimpsestMatch

/// The references of a scan, loaded from the ledger: image references (fingerprinted files)
/// with their search index, then references known only by a PDQ hash (from hash lists), and
/// what the matcher and the report need to know about each.
///
/// Positions `0 ..< references.count` are image references, in ``index``'s order; positions
/// from `references.count` on are hash-only references, in ``hashIndex``'s order.
///
/// ```swift
/// let set = try ReferenceSet(ledger: ledger, corpora: ["paintings", "flagged"], embedder: LayoutEmbedder())
/// let matcher = set.matcher(scorer: Scorer())
/// ```
public struct ReferenceSet: Sendable {
    /// The search index of the image references.
    public let index: FingerprintIndex
    /// The image references, by index position, without their embeddings and serialised local
    /// features: those are held once, in ``index`` and ``features``.
    public let references: [StoredReference]
    /// Local features by index position, when stored.
    public let features: [LocalFeatures?]
    /// The local features of the image references, for voting.
    public let localIndex: LocalFeatureIndex
    /// The hash-only references, column by column.
    public let hashReferences: StoredHashReferences
    /// The hash-only references' PDQ hashes, searched through a multi-index when there are many.
    public let hashIndex: PDQIndex

    /// Loads every image and every hash-only reference of the named corpora. Embeddings from
    /// another embedder than `embedder`'s are left out of the index (they are not comparable).
    /// Local features are listed for search as `listing` says.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``, or a ledger error when it cannot be read.
    public init(ledger: Ledger, corpora: [String], embedder: any Embedder,
                listing: LocalFeatureIndex.Listing = LocalFeatureIndex.Listing()) throws {
        self.init(references: try ledger.references(inCorpora: corpora, featureExtractor: LocalFeatureExtractor.identifier),
                  hashReferences: try ledger.hashReferences(inCorpora: corpora),
                  embedder: embedder, listing: listing)
    }

    /// Indexes the given references, in order; the hash-only ones' multi-index is built here,
    /// so that the first query does not wait for it.
    public init(references: [StoredReference], hashReferences: StoredHashReferences = StoredHashReferences(),
                embedder: any Embedder, listing: LocalFeatureIndex.Listing = LocalFeatureIndex.Listing()) {
        var index = FingerprintIndex(embeddingDimension: embedder.dimension)
        index.reserveCapacity(references.count)
        for (key, reference) in references.enumerated() {
            let embedding = reference.embedder == embedder.identifier ? reference.embedding : nil
            index.add(key: Int64(key), pdq: reference.pdq, pdqQuality: reference.pdqQuality,
                      phash: HashCodes(reference.hashCodes).phash, embedding: embedding)
        }
        self.index = index
        features = references.map { $0.localFeatures.flatMap(LocalFeatures.init(serialized:)) }
        self.references = references.map { reference in
            var light = reference
            light.embedding = nil
            light.localFeatures = nil
            return light
        }
        var localIndex = LocalFeatureIndex(listing: listing)
        for f in features { localIndex.add(f ?? LocalFeatures(width: 0, height: 0, keypoints: [], descriptors: [])) }
        localIndex.prepare()
        self.localIndex = localIndex
        self.hashReferences = hashReferences
        hashIndex = PDQIndex(hashes: hashReferences.hashes, qualities: hashReferences.qualities)
        hashIndex.prepare()
    }

    /// Number of references, image and hash-only.
    public var count: Int { references.count + hashReferences.count }

    /// Whether the reference at `position` is known only by its PDQ hash.
    public func isHashOnly(at position: Int) -> Bool { position >= references.count }

    /// Which image the reference at `position` is, where it belongs and where it came from.
    public func identity(at position: Int) -> ReferenceIdentity {
        guard isHashOnly(at: position) else {
            let r = references[position]
            return ReferenceIdentity(imageID: r.imageID, corpus: r.corpus, path: r.path)
        }
        let i = position - references.count
        return ReferenceIdentity(imageID: hashReferences.imageIDs[i], corpus: hashReferences.corpus(at: i),
                                 path: hashReferences.labels[i])
    }

    /// The facts the matcher needs about the image reference at `position` (`nil` for a
    /// hash-only one, which has none).
    public func details(at position: Int) -> ReferenceDetails? {
        guard !isHashOnly(at: position) else { return nil }
        let r = references[position]
        return ReferenceDetails(sha256: r.sha256, pixelDigest: r.pixelDigest,
                                hashes: r.hashCodes.isEmpty ? nil : HashCodes(r.hashCodes))
    }

    /// A matcher over every reference of the set.
    public func matcher(scorer: Scorer) -> Matcher {
        Matcher(index: index, localIndex: localIndex, hashIndex: hashIndex, scorer: scorer)
    }
}

/// Which ledger image a reference is, the corpus it was found in and the path (or, for a
/// hash-only reference, the label) it was added with: what a candidate records.
public struct ReferenceIdentity: Sendable, Equatable {
    /// The image's row id.
    public var imageID: Int64
    /// The corpus.
    public var corpus: String
    /// The path it was added from, or the hash list's label for it.
    public var path: String
}
