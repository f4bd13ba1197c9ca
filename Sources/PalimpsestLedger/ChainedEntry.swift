import PalimpsestCore

/// A chain entry with the canonical content it hashes: one line of `palimpsest ledger export`
/// and of an evidence bundle's `ledger/entries.jsonl`.
///
/// Anyone can check a line without Palimpsest: `content_sha256` is the SHA-256 of `content`'s
/// UTF-8 bytes, and `entry_sha256` is the SHA-256 of the lines `palimpsest-ledger-chain-v1`,
/// `seq`, `kind`, `record_id`, `recorded_at`, `content_sha256`, `previous_sha256` joined by
/// newlines.
public struct ChainedEntry: Codable, Sendable, Equatable {
    /// Position in the chain.
    public var seq: Int64
    /// What the entry covers.
    public var kind: LedgerEntryKind
    /// The covered row's id.
    public var recordId: String
    /// When the entry was appended.
    public var recordedAt: String
    /// SHA-256 of ``content``.
    public var contentSha256: String
    /// The previous entry's hash.
    public var previousSha256: String
    /// This entry's hash.
    public var entrySha256: String
    /// The covered row's canonical content (JSON text), or `nil` when the row is gone.
    public var content: String?

    /// Pairs an entry with its content.
    public init(_ entry: LedgerEntryRecord, content: String?) {
        seq = entry.seq
        kind = entry.kind
        recordId = entry.recordId
        recordedAt = entry.recordedAt
        contentSha256 = entry.contentSha256
        previousSha256 = entry.previousSha256
        entrySha256 = entry.entrySha256
        self.content = content
    }

    /// The entry without its content.
    public var record: LedgerEntryRecord {
        LedgerEntryRecord(seq: seq, kind: kind, recordId: recordId, recordedAt: recordedAt, contentSha256: contentSha256,
                          previousSha256: previousSha256, entrySha256: entrySha256)
    }

    /// Whether ``entrySha256`` matches the entry's fields and ``contentSha256`` matches ``content``.
    public var isSelfConsistent: Bool {
        guard let content else { return false }
        return LedgerChain.hashMatches(record) && LedgerChain.sha256(content) == contentSha256
    }
}
