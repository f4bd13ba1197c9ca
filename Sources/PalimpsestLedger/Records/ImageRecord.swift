import Foundation
import GRDB
import PalimpsestCore

/// A row of `image`: one distinct file (by SHA-256) with its fingerprints but the registered
/// perceptual hashes, which are rows of `image_hash` (see ``ImageHashMigration``).
struct ImageRecord: Codable, Sendable, FetchableRecord, EncodableRecord, TableRecord {
    static let databaseTableName = "image"
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    var id: Int64?
    var sha256: String
    var format: String?
    var width: Int?
    var height: Int?
    var fileSize: Int64?
    var pixelDigest: String?
    var pdq: String?
    var pdqQuality: Int?
    var pdqDihedral: String?
    var embedder: String?
    var embedding: Data?
    var metadata: String?
    var firstSeen: String
    var pixelMd5: String?
    var pixelMd5Rgba: String?
    var source = HashReference.fileSource

    init(_ facts: ImageFacts, firstSeen: String) {
        sha256 = facts.sha256
        format = facts.format.rawValue
        width = facts.width
        height = facts.height
        fileSize = facts.fileSize
        pixelDigest = facts.pixelDigest
        pdq = facts.pdq.hex
        pdqQuality = facts.pdqQuality
        pdqDihedral = facts.pdqDihedral.map(\.hex).joined(separator: ",")
        embedder = facts.embedder
        embedding = facts.embedding.withUnsafeBufferPointer { Data(buffer: $0) }
        metadata = facts.metadataJSON
        self.firstSeen = firstSeen
        pixelMd5 = facts.pixelMD5?.rgb
        pixelMd5Rgba = facts.pixelMD5?.rgba
    }

    /// The embedding as floats.
    var embeddingVector: [Float]? {
        guard let embedding, embedding.count % 4 == 0 else { return nil }
        return embedding.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}

/// What the ledger records about one image file.
public struct ImageFacts: Sendable {
    /// Its container format.
    public var format: ImageFormat
    /// Full-resolution width after orientation.
    public var width: Int
    /// Full-resolution height after orientation.
    public var height: Int
    /// File size in bytes.
    public var fileSize: Int64
    /// SHA-256 of the file's bytes: the image's identity in the ledger.
    public var sha256: String
    /// SHA-256 of the decoded pixels and their dimensions.
    public var pixelDigest: String
    /// PDQ hash, its quality, and the hashes of its eight dihedral transforms in PDQ's order.
    public var pdq: Bits256, pdqQuality: Int, pdqDihedral: [Bits256]
    /// Every other perceptual hash's code, by the hash's name.
    public var hashCodes: [String: HashCode]
    /// The global embedding, and the embedder that made it.
    public var embedding: [Float], embedder: String
    /// Extracted metadata as a JSON object, if any.
    public var metadataJSON: String?
    /// Local features for verification, with the extractor's identifier.
    public var localFeatures: (extractor: String, data: [UInt8])?
    /// MD5 of the full-resolution pixel bytes, as Automatic1111's `Init image hash` (references only).
    public var pixelMD5: PixelMD5?

    /// Groups an image's facts.
    public init(format: ImageFormat, width: Int, height: Int, fileSize: Int64, sha256: String, pixelDigest: String,
                pdq: Bits256, pdqQuality: Int, pdqDihedral: [Bits256], hashCodes: [String: HashCode],
                embedding: [Float], embedder: String, metadataJSON: String? = nil,
                localFeatures: (extractor: String, data: [UInt8])? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.fileSize = fileSize
        self.sha256 = sha256
        self.pixelDigest = pixelDigest
        self.pdq = pdq
        self.pdqQuality = pdqQuality
        self.pdqDihedral = pdqDihedral
        self.hashCodes = hashCodes
        self.embedding = embedding
        self.embedder = embedder
        self.metadataJSON = metadataJSON
        self.localFeatures = localFeatures
    }
}
