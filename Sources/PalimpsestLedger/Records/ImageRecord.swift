import Foundation
import GRDB
import PalimpsestCore
import PalimpsestFingerprint

/// A row of `image`: one distinct file (by SHA-256) with its fingerprints.
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
    var ahash: String?
    var dhash: String?
    var phash: String?
    var whash: String?
    var colorhash: String?
    var embedder: String?
    var embedding: Data?
    var metadata: String?
    var firstSeen: String
    var pixelMd5: String?
    var pixelMd5Rgba: String?
    var source = HashReference.fileSource

    init(_ facts: ImageFacts, firstSeen: String) {
        let f = facts.fingerprints
        sha256 = f.sha256
        format = facts.format.rawValue
        width = facts.width
        height = facts.height
        fileSize = facts.fileSize
        pixelDigest = f.pixelDigest
        pdq = f.pdq.hash.hex
        pdqQuality = f.pdq.quality
        pdqDihedral = f.pdq.dihedral.map(\.hex).joined(separator: ",")
        ahash = f.hashes.ahash.hex
        dhash = f.hashes.dhash.hex
        phash = f.hashes.phash.hex
        whash = f.hashes.whash.hex
        colorhash = f.hashes.colorhash.hex
        embedder = f.embedderIdentifier
        embedding = f.embedding.withUnsafeBufferPointer { Data(buffer: $0) }
        metadata = facts.metadataJSON
        self.firstSeen = firstSeen
        pixelMd5 = facts.pixelMD5?.rgb
        pixelMd5Rgba = facts.pixelMD5?.rgba
    }

    /// The five ImageHash hashes, when all are present.
    var imageHashes: ImageHashes? {
        guard let a = ahash.flatMap(Hash64.init(hex:)), let d = dhash.flatMap(Hash64.init(hex:)),
              let p = phash.flatMap(Hash64.init(hex:)), let w = whash.flatMap(Hash64.init(hex:)),
              let c = colorhash.flatMap(ColorHash.init(hex:)) else { return nil }
        return ImageHashes(ahash: a, dhash: d, phash: p, whash: w, colorhash: c)
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
    /// All fingerprints (including the SHA-256 that identifies the image).
    public var fingerprints: Fingerprints
    /// Extracted metadata as a JSON object, if any.
    public var metadataJSON: String?
    /// Local features for verification, with the extractor's identifier.
    public var localFeatures: (extractor: String, data: [UInt8])?
    /// MD5 of the full-resolution pixel bytes, as Automatic1111's `Init image hash` (references only).
    public var pixelMD5: PixelMD5?

    /// Groups an image's facts.
    public init(format: ImageFormat, width: Int, height: Int, fileSize: Int64, fingerprints: Fingerprints,
                metadataJSON: String? = nil, localFeatures: (extractor: String, data: [UInt8])? = nil) {
        self.format = format
        self.width = width
        self.height = height
        self.fileSize = fileSize
        self.fingerprints = fingerprints
        self.metadataJSON = metadataJSON
        self.localFeatures = localFeatures
    }
}
