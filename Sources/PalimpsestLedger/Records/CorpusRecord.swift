import PalimpsestCore
import GRDB

/// A row of `corpus`: a named set of reference images.
public struct CorpusRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "corpus"
    /// Row id.
    public var id: Int64?
    /// Unique name given by the user.
    public var name: String
    /// What the corpus holds.
    public var kind: CorpusKind
    /// When it was created (ISO 8601, UTC).
    public var createdAt: String

    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
}

/// A corpus with its size, as `palimpsest corpus list` shows it.
public struct CorpusSummary: Sendable, Equatable, Codable {
    /// The corpus name.
    public var name: String
    /// Its kind.
    public var kind: CorpusKind
    /// When it was created.
    public var createdAt: String
    /// Number of distinct images.
    public var imageCount: Int
    /// Total size of their files in bytes.
    public var totalBytes: Int64
}
