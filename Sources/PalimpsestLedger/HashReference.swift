import PalimpsestCore

/// A reference known only by its PDQ hash, as exchanged in hash lists (python-threatexchange's
/// `pdq <hex>` lines, Meta's `hash,quality,path` CSV): no file, no pixels, no other signal.
///
/// The ledger stores one `image` row per distinct hash, with the synthetic identity
/// `pdq:<64 hex>` where a file's SHA-256 would be, `pdq` and `pdq_quality` set, every other
/// fingerprint column NULL, and `source` = `hash-list` (ledger migration `v6-hash-references`).
/// The label a list gives the hash (the CSV's path, or `FILE:LINE`) is the membership's path.
///
/// ```swift
/// let entry = HashReference(pdq: hash, quality: 90, label: "flagged.csv:12")
/// try ledger.importHashes([entry], intoCorpus: corpus.id!)
/// ```
public struct HashReference: Sendable, Equatable, Hashable {
    /// The name of the ledger migration that added `image.source`.
    public static let migrationIdentifier = "v6-hash-references"
    /// `image.source` of images fingerprinted from a file.
    public static let fileSource = "file"
    /// `image.source` of images known only by a hash from a hash list.
    public static let hashListSource = "hash-list"
    /// The prefix of the synthetic identity stored in `image.sha256`.
    public static let identityPrefix = "pdq:"

    /// The PDQ hash.
    public var pdq: Bits256
    /// PDQ's quality (0…100), or `nil` when the list does not say (threatexchange lines).
    public var quality: Int?
    /// Where the hash came from: the CSV's path column, or the list's file and line.
    public var label: String

    /// Groups a hash with its quality and label.
    public init(pdq: Bits256, quality: Int?, label: String) {
        self.pdq = pdq
        self.quality = quality
        self.label = label
    }
}

/// What an import of hash-list entries into a corpus did.
public struct HashImportCounts: Sendable, Equatable {
    /// Hashes newly added to the corpus.
    public var added = 0
    /// Hashes the corpus already held (the same hash earlier in the list, or from before).
    public var alreadyPresent = 0

    /// Zero counts.
    public init() {}
}

/// Hash-only references loaded for a scan, column by column so that millions load in seconds
/// and take little memory: position `i` of every array describes one reference.
public struct StoredHashReferences: Sendable {
    /// The images' row ids.
    public var imageIDs: [Int64] = []
    /// The PDQ hashes.
    public var hashes: [Bits256] = []
    /// Their qualities, `nil` when the list did not give one.
    public var qualities: [Int?] = []
    /// The labels the lists gave them (the memberships' paths).
    public var labels: [String] = []
    /// The names of the corpora they belong to, indexed by ``corpusIndexes``.
    public var corpusNames: [String] = []
    /// For each reference, its corpus in ``corpusNames`` (the first by name among those asked for).
    public var corpusIndexes: [Int32] = []

    /// No references.
    public init() {}

    /// Number of references.
    public var count: Int { imageIDs.count }

    /// The corpus of the reference at `index`.
    public func corpus(at index: Int) -> String { corpusNames[Int(corpusIndexes[index])] }

    /// The references at `range`, in order.
    public func slice(_ range: Range<Int>) -> StoredHashReferences {
        var out = StoredHashReferences()
        out.corpusNames = corpusNames
        out.imageIDs = Array(imageIDs[range])
        out.hashes = Array(hashes[range])
        out.qualities = Array(qualities[range])
        out.labels = Array(labels[range])
        out.corpusIndexes = Array(corpusIndexes[range])
        return out
    }

    /// The same references ordered by image id.
    func sortedByImageID() -> StoredHashReferences {
        let order = imageIDs.indices.sorted { imageIDs[$0] < imageIDs[$1] }
        var out = StoredHashReferences()
        out.corpusNames = corpusNames
        out.imageIDs = order.map { imageIDs[$0] }
        out.hashes = order.map { hashes[$0] }
        out.qualities = order.map { qualities[$0] }
        out.labels = order.map { labels[$0] }
        out.corpusIndexes = order.map { corpusIndexes[$0] }
        return out
    }
}
