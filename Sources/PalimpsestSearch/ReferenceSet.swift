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
    /// The image references, by index position, packed, without their embeddings and serialised
    /// local features: the embeddings are held once, in ``index``; the features are read when a
    /// reference is verified (``features(at:)``).
    public let references: ReferenceTable
    /// Where ``features(at:)`` reads a reference's local features.
    private let featureSource: FeatureSource
    /// The local features of the image references, for voting.
    public let localIndex: LocalFeatureIndex
    /// The hash-only references, column by column.
    public let hashReferences: StoredHashReferences
    /// The hash-only references' PDQ hashes, searched through a multi-index when there are many.
    public let hashIndex: PDQIndex

    /// Which share of the named corpora's references the set holds (``ShardPart/whole`` unless
    /// it was loaded as a shard).
    public let part: ShardPart
    /// Where the set's image and hash-only references begin among those of the whole, and
    /// how many image references the whole has: what maps the set's positions to the whole's.
    public let layout: Layout

    /// Where a shard's references lie among those of the whole set.
    public struct Layout: Sendable, Equatable {
        /// The whole set's positions of the shard's image references, ascending; `nil` when the
        /// set is the whole.
        public var imagePositions: [Int]?
        /// The whole set's image references.
        public var imageTotal: Int
        /// The whole set's index, among its hash-only references, of the shard's first one.
        public var hashOffset = 0
        /// The whole set's hash-only references.
        public var hashTotal: Int
    }

    /// How each corpus's local features were had, in the order the corpora were named: from
    /// its persistent index, or (when that is missing or stale, or the ledger keeps none) coded
    /// and listed from the ledger's features for this set, as `corpus reindex` would write them.
    public let indexStates: [(corpus: String, state: IndexState)]

    /// Loads every image and every hash-only reference of the named corpora. Embeddings from
    /// another embedder than `embedder`'s are left out of the index (they are not comparable).
    /// Local features are listed for search as `listing` says.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``, or a ledger error when it cannot be read.
    ///
    /// Each corpus's local features are opened from its persistent index beside the ledger
    /// (``CorpusIndexStore``) when that covers exactly its image files; else they are read from
    /// the ledger one batch of references at a time, coded and listed (``indexStates`` says
    /// which). The references' full local features are not kept: they are read again from the
    /// ledger for the few references a query verifies. So memory holds the index and the
    /// references' identities, not every reference's features.
    ///
    /// - Parameter part: the share of the references to load, for a shard.
    public init(ledger: Ledger, corpora: [String], embedder: any Embedder,
                listing: LocalFeatureIndex.Listing = LocalFeatureIndex.Listing(), part: ShardPart = .whole) throws {
        try self.init(ledger: ledger, corpora: corpora, embedder: embedder, listing: listing,
                      indexes: CorpusIndexStore(ledger: ledger), part: part)
    }

    /// ``init(ledger:corpora:embedder:listing:part:)`` with the persistent indexes of `indexes`
    /// (none: every corpus is indexed from the ledger).
    ///
    /// A shard keeps only its own references' rows, and opens only its own segments of the
    /// corpora's persistent indexes (``ShardPiece``); a share of a corpus without a usable index
    /// is coded and listed from the ledger.
    public init(ledger: Ledger, corpora: [String], embedder: any Embedder, listing: LocalFeatureIndex.Listing,
                indexes: CorpusIndexStore?, part: ShardPart = .whole) throws {
        guard part != .whole else {
            try self.init(wholeOf: corpora, ledger: ledger, embedder: embedder, listing: listing, indexes: indexes)
            return
        }
        let pieces = try ShardPiece.pieces(of: corpora, ledger: ledger, indexes: indexes)
        // The whole's image references are its corpora's image files (each once, in the pieces),
        // by id, as the whole reads them.
        let all = pieces.flatMap(\.ids).sorted()
        let held = ShardPiece.held(by: part, of: pieces)
        let heldIDs = Set(held.flatMap(\.ids))
        var builder = Builder(embedder: embedder, listing: listing)
        try ledger.forEachReference(inCorpora: corpora) { reference in
            if heldIDs.contains(reference.imageID) { builder.addIdentity(reference) }
        }
        let positions = Dictionary(uniqueKeysWithValues: builder.references.indices.map { (builder.references.imageID(at: $0), $0) })
        let store = indexes ?? CorpusIndexStore(directory: "")
        var states: [(String, IndexState)] = []
        for piece in held {
            // A reference removed since the pieces were chosen is left out (its piece is then
            // indexed from the ledger, as the whole would index it).
            let opened = try builder.appendFeatures(of: piece.ids, corpus: piece.corpus, segmentAt: piece.segmentPath,
                                                    positions: positions, store: store, ledger: ledger)
            states.append((piece.corpus, opened ? .fresh(segments: 1, references: piece.ids.count) : piece.state))
        }
        let hashReferences = try ledger.hashReferences(inCorpora: corpora)
        let hashRange = part.range(of: hashReferences.count)
        let layout = Layout(imagePositions: builder.references.indices.map { Self.rank(of: builder.references.imageID(at: $0), in: all) },
                            imageTotal: all.count, hashOffset: hashRange.lowerBound, hashTotal: hashReferences.count)
        self.init(builder, hashReferences: hashReferences.slice(hashRange), features: .ledger(ledger, LocalFeatureExtractor.identifier),
                  indexStates: states, part: part, layout: layout)
    }

    /// The whole of `corpora`: every reference, each corpus's local features from its persistent
    /// index when that covers it exactly, else indexed from the ledger.
    private init(wholeOf corpora: [String], ledger: Ledger, embedder: any Embedder, listing: LocalFeatureIndex.Listing,
                 indexes: CorpusIndexStore?) throws {
        var builder = Builder(embedder: embedder, listing: listing)
        try ledger.forEachReference(inCorpora: corpora) { reference in builder.addIdentity(reference) }
        let positions = Dictionary(uniqueKeysWithValues: builder.references.indices.map { (builder.references.imageID(at: $0), $0) })
        let store = indexes ?? CorpusIndexStore(directory: "")
        var placed = Set<Int64>(), states: [(String, IndexState)] = []
        for corpus in corpora where !states.contains(where: { $0.0 == corpus }) {
            // An image in two corpora is indexed with the first; one added since the identities
            // were read waits for the next load.
            let members = try ledger.imageIDs(inCorpus: corpus).filter { positions[$0] != nil }
            let ids = members.filter { !placed.contains($0) }
            placed.formUnion(ids)
            let lookup: SegmentKeysLookup = ids.count < members.count ? .unusable(.overlapping(members.count - ids.count))
                : indexes.map { $0.segmentKeys(ofCorpus: corpus, covering: ids) } ?? .unusable(.missing)
            switch lookup {
            case .usable(let files):
                // One segment read at a time, so that loading never holds more than one beside the
                // index; one replaced since its keys were read is indexed from the ledger instead.
                var changed = 0
                for file in files {
                    let opened = try builder.appendFeatures(of: file.keys, corpus: corpus, segmentAt: file.path, positions: positions,
                                                            store: store, ledger: ledger)
                    if !opened { changed += 1 }
                }
                states.append((corpus, changed == 0 ? .fresh(segments: files.count, references: ids.count)
                                                    : .stale("\(changed) segment\(changed == 1 ? "" : "s") changed while loading")))
            case .unusable(let state):
                _ = try builder.appendFeatures(of: ids, corpus: corpus, segmentAt: nil, positions: positions, store: store, ledger: ledger)
                states.append((corpus, state))
            }
        }
        let hashReferences = try ledger.hashReferences(inCorpora: corpora)
        self.init(builder, hashReferences: hashReferences, features: .ledger(ledger, LocalFeatureExtractor.identifier), indexStates: states,
                  part: .whole, layout: Layout(imageTotal: builder.references.count, hashTotal: hashReferences.count))
    }

    /// The index of `id` in the ascending `ids` (where it would go, when absent).
    private static func rank<C: RandomAccessCollection>(of id: C.Element, in ids: C) -> Int where C.Element: Comparable, C.Index == Int {
        var low = 0, high = ids.count
        while low < high {
            let mid = (low + high) / 2
            if ids[mid] < id { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Indexes the given references, in order, keeping their local features in memory; the
    /// hash-only ones' multi-index is built here, so that the first query does not wait for it.
    public init(references: [StoredReference], hashReferences: StoredHashReferences = StoredHashReferences(),
                embedder: any Embedder, listing: LocalFeatureIndex.Listing = LocalFeatureIndex.Listing()) {
        var builder = Builder(embedder: embedder, listing: listing)
        builder.index.reserveCapacity(references.count)
        for reference in references { builder.add(reference) }
        self.init(builder, hashReferences: hashReferences, features: .memory(builder.features), indexStates: [],
                  part: .whole, layout: Layout(imageTotal: references.count, hashTotal: hashReferences.count))
    }

    private init(_ builder: Builder, hashReferences: StoredHashReferences, features: FeatureSource,
                 indexStates: [(corpus: String, state: IndexState)], part: ShardPart, layout: Layout) {
        self.indexStates = indexStates
        self.part = part
        self.layout = layout
        index = builder.index
        index.prepare()
        references = builder.references
        var localIndex = builder.localIndex
        localIndex.prepare()
        self.localIndex = localIndex
        featureSource = features
        self.hashReferences = hashReferences
        hashIndex = PDQIndex(hashes: hashReferences.hashes, qualities: hashReferences.qualities)
        hashIndex.prepare()
    }

    /// The index, the local-feature lists and the light references, grown one reference at a time.
    private struct Builder {
        let embedder: any Embedder
        var index: FingerprintIndex
        var localIndex: LocalFeatureIndex
        var references = ReferenceTable()
        var features: [LocalFeatures?] = []

        init(embedder: any Embedder, listing: LocalFeatureIndex.Listing) {
            self.embedder = embedder
            index = FingerprintIndex(embeddingDimension: embedder.dimension)
            localIndex = LocalFeatureIndex(listing: listing)
        }

        /// Adds a reference with its local features, kept in memory.
        mutating func add(_ reference: StoredReference) {
            let parsed = reference.localFeatures.flatMap(LocalFeatures.init(serialized:))
            localIndex.add(parsed ?? LocalFeatures(width: 0, height: 0, keypoints: [], descriptors: []))
            features.append(parsed)
            addIdentity(reference)
        }

        /// Appends the local features of the references `keys` of `corpus` (those of them that
        /// `positions` places): from the segment file at `path` when it holds exactly `keys`, all
        /// placed, else coded and listed from the ledger. Returns whether the file served.
        mutating func appendFeatures(of keys: [Int64], corpus: String, segmentAt path: String?, positions: [Int64: Int],
                                     store: CorpusIndexStore, ledger: Ledger) throws -> Bool {
            if let path, keys.allSatisfy({ positions[$0] != nil }), let segment = try? LocalFeatureSegment(contentsOf: path),
               segment.keys == keys {
                localIndex.append(segment, positions: segment.keys.map { positions[$0]! })
                return true
            }
            let segment = try store.segment(of: corpus, ledger: ledger, ids: Set(keys.filter { positions[$0] != nil }),
                                            listing: localIndex.listing)
            localIndex.append(segment, positions: segment.keys.map { positions[$0]! })
            return false
        }

        /// Adds a reference's hashes, embedding and identity; its local features are indexed
        /// apart (by corpus).
        mutating func addIdentity(_ reference: StoredReference) {
            let embedding = reference.embedder == embedder.identifier ? reference.embedding : nil
            index.add(key: Int64(references.count), pdq: reference.pdq, pdqQuality: reference.pdqQuality,
                      phash: HashCodes(reference.hashCodes).phash, embedding: embedding)
            references.append(reference)
        }
    }

    /// Where a reference's local features are read from when it is verified.
    private enum FeatureSource: Sendable {
        /// Held in memory, by position (references given directly).
        case memory([LocalFeatures?])
        /// Read from the ledger by image id, for this extractor.
        case ledger(Ledger, String)
    }

    /// The local features of the image reference at `position`, for verification; `nil` when
    /// none were stored (or the ledger cannot be read now: verification then relies on the
    /// other signals, as for a reference whose file is gone).
    public func features(at position: Int) -> LocalFeatures? {
        guard !isHashOnly(at: position) else { return nil }
        switch featureSource {
        case .memory(let features):
            return features[position]
        case .ledger(let ledger, let extractor):
            return (try? ledger.localFeatures(ofImage: references.imageID(at: position), extractor: extractor))?
                .flatMap(LocalFeatures.init(serialized:))
        }
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

    /// The position in this set of the reference at `position` of the whole set, when this set
    /// holds it.
    public func position(inWhole position: Int) -> Int? {
        if position < layout.imageTotal {
            guard let positions = layout.imagePositions else { return position < references.count ? position : nil }
            let local = Self.rank(of: position, in: positions)
            return local < positions.count && positions[local] == position ? local : nil
        }
        let local = position - layout.imageTotal - layout.hashOffset
        return (0 ..< hashReferences.count).contains(local) ? references.count + local : nil
    }

    /// The position in the whole set (of which this set is a shard) of the reference at
    /// `position` in this one: image references first, then hash-only ones, as in one set.
    public func positionInWhole(_ position: Int) -> Int {
        isHashOnly(at: position) ? layout.imageTotal + layout.hashOffset + position - references.count
            : layout.imagePositions?[position] ?? position
    }

    /// A matcher over every reference of the set.
    public func matcher(scorer: Scorer) -> Matcher {
        Matcher(index: index, localIndex: localIndex, hashIndex: hashIndex, scorer: scorer)
    }
}

/// Which ledger image a reference is, the corpus it was found in and the path (or, for a
/// hash-only reference, the label) it was added with: what a candidate records.
public struct ReferenceIdentity: Sendable, Equatable, Codable {
    /// The image's row id.
    public var imageID: Int64
    /// The corpus.
    public var corpus: String
    /// The path it was added from, or the hash list's label for it.
    public var path: String

    // Spelt as the snake-case convention reads them back (`image_id`, not `image_i_d`).
    private enum CodingKeys: String, CodingKey {
        case imageID = "imageId", corpus, path
    }
}
