import Foundation
import GRDB
import PalimpsestCore

/// A reference image as the index needs it: its fingerprints and where it came from.
public struct StoredReference: Sendable {
    /// The image's row id.
    public var imageID: Int64
    /// SHA-256 of its file.
    public var sha256: String
    /// Digest of its decoded pixels.
    public var pixelDigest: String?
    /// The first corpus (by name) among those asked for that holds it.
    public var corpus: String
    /// The path it was added from in that corpus.
    public var path: String
    /// Its format, dimensions and size, when known.
    public var format: String?, width: Int?, height: Int?, fileSize: Int64?
    /// PDQ hash and quality, when known.
    public var pdq: Bits256?, pdqQuality: Int
    /// The codes of its other perceptual hashes, by name (none for hash-only references).
    public var hashCodes: [String: HashCode]
    /// The embedding and its embedder, when known.
    public var embedding: [Float]?, embedder: String?
    /// Serialized local features, when stored for the requested extractor.
    public var localFeatures: [UInt8]?

    /// Describes a reference held outside the ledger's corpora (such as an audit's outputs,
    /// matched against each other).
    public init(imageID: Int64, sha256: String, pixelDigest: String?, corpus: String, path: String,
                format: String? = nil, width: Int? = nil, height: Int? = nil, fileSize: Int64? = nil,
                pdq: Bits256?, pdqQuality: Int, hashCodes: [String: HashCode], embedding: [Float]?, embedder: String?,
                localFeatures: [UInt8]?) {
        self.imageID = imageID
        self.format = format
        self.width = width
        self.height = height
        self.fileSize = fileSize
        self.sha256 = sha256
        self.pixelDigest = pixelDigest
        self.corpus = corpus
        self.path = path
        self.pdq = pdq
        self.pdqQuality = pdqQuality
        self.hashCodes = hashCodes
        self.embedding = embedding
        self.embedder = embedder
        self.localFeatures = localFeatures
    }
}

extension Ledger {
    /// Every image file in the named corpora, once each, ordered by image id (hash-only
    /// references are loaded by ``hashReferences(inCorpora:)``).
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` for a name that is not a corpus.
    public func references(inCorpora names: [String], featureExtractor: String? = nil) throws -> [StoredReference] {
        var out: [StoredReference] = []
        try forEachReference(inCorpora: names, featureExtractor: featureExtractor) { out.append($0) }
        return out
    }

    /// Calls `body` with every image file in the named corpora, once each, ordered by image id,
    /// without holding them all: an index can be built from a large corpus while only a batch
    /// of references (and their serialized features) is in memory.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` for a name that is not a corpus, or what
    ///   `body` throws.
    public func forEachReference(inCorpora names: [String], featureExtractor: String? = nil,
                                 _ body: (StoredReference) throws -> Void) throws {
        try store.read { tx in
            let ids = try names.map { try Self.corpusID(named: $0, tx) }
            let placeholders = ids.map { _ in "?" }.joined(separator: ",")
            // Batches of image ids, so that one batch's hash codes are read with one query.
            var batch: [StoredReference] = []
            func flush() throws {
                let codes = try Self.hashCodes(ofImages: batch.map(\.imageID), tx)
                for var reference in batch {
                    reference.hashCodes = codes[reference.imageID] ?? [:]
                    try body(reference)
                }
                batch.removeAll(keepingCapacity: true)
            }
            var last: Int64 = -1
            try tx.forEachRow("""
                SELECT i.*, c.name AS corpus_name, m.path AS member_path, f.data AS feature_data
                FROM corpus_member m JOIN image i ON i.id = m.image_id JOIN corpus c ON c.id = m.corpus_id
                LEFT JOIN local_features f ON f.image_id = i.id AND f.extractor = ?
                WHERE m.corpus_id IN (\(placeholders)) AND i.source = ?
                ORDER BY i.id, c.name
                """, [featureExtractor ?? ""] + ids.map { $0 as (any DatabaseValueConvertible)? } + [HashReference.fileSource]) { row in
                let image = try ImageRecord(row: row)
                guard image.id! != last else { return }
                last = image.id!
                batch.append(StoredReference(
                    imageID: image.id!, sha256: image.sha256, pixelDigest: image.pixelDigest,
                    corpus: row["corpus_name"], path: row["member_path"],
                    format: image.format, width: image.width, height: image.height, fileSize: image.fileSize,
                    pdq: image.pdq.flatMap(Bits256.init(hex:)), pdqQuality: image.pdqQuality ?? 0,
                    hashCodes: [:], embedding: image.embeddingVector, embedder: image.embedder,
                    localFeatures: (row["feature_data"] as Data?).map { [UInt8]($0) }))
                if batch.count == 500 { try flush() }
            }
            try flush()
        }
    }

    /// The ids of the image files of corpus `name` (not its hash-only references), ascending:
    /// what a persisted index of the corpus must cover, no more, no less.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when there is no such corpus.
    public func imageIDs(inCorpus name: String) throws -> [Int64] {
        try store.read { tx in
            let corpus = try Self.corpusID(named: name, tx)
            var ids: [Int64] = []
            try tx.forEachRow("""
                SELECT m.image_id AS id FROM corpus_member m JOIN image i ON i.id = m.image_id
                WHERE m.corpus_id = ? AND i.source = ? ORDER BY m.image_id
                """, [corpus, HashReference.fileSource]) { row in ids.append(row["id"]) }
            return ids
        }
    }

    /// The serialized local features of one image for `extractor`, or `nil` when none are
    /// stored: read when a reference is verified, so that a large corpus's features need not
    /// stay in memory.
    public func localFeatures(ofImage imageID: Int64, extractor: String) throws -> [UInt8]? {
        try store.read { tx in
            try tx.rows("SELECT data FROM local_features WHERE image_id = ? AND extractor = ?", [imageID, extractor])
                .first.flatMap { ($0["data"] as Data?).map { [UInt8]($0) } }
        }
    }

    /// The perceptual hash codes of the images with these ids, by image id and hash name.
    static func hashCodes(ofImages ids: [Int64], _ tx: any LedgerTransaction) throws -> [Int64: [String: HashCode]] {
        var codes: [Int64: [String: HashCode]] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start ..< min(ids.count, start + 500)]
            try tx.forEachRow("""
                SELECT image_id, name, code FROM image_hash WHERE image_id IN (\(chunk.map { _ in "?" }.joined(separator: ",")))
                """, chunk.map { $0 as (any DatabaseValueConvertible)? }) { row in
                codes[row["image_id"], default: [:]][row["name"]] = HashCode(hex: row["code"])
            }
        }
        return codes
    }
}
