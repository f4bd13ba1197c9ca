import PalimpsestCore
import GRDB

/// A row of `ledger_entry`: one link of the ledger's hash chain.
///
/// Each entry names one row of an append-only table and stores the SHA-256 of that row's
/// canonical content, the previous entry's hash, and its own hash over all of these, so that
/// changing, removing or inserting anything breaks the chain from that point on.
public struct LedgerEntryRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "ledger_entry"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Position in the chain: 1 for the first entry, then consecutive.
    public var seq: Int64
    /// What the entry covers.
    public var kind: LedgerEntryKind
    /// The covered row's id in its table (a run id, or a number as text).
    public var recordId: String
    /// When the entry was appended (ISO 8601, UTC).
    public var recordedAt: String
    /// SHA-256 (hex) of the covered row's canonical content.
    public var contentSha256: String
    /// ``entrySha256`` of the previous entry; 64 zeros for the first.
    public var previousSha256: String
    /// SHA-256 (hex) of this entry's fields, previous hash included.
    public var entrySha256: String

    /// The hash of the entry before the first one.
    public static let genesis = String(repeating: "0", count: 64)
}
