import Foundation
import GRDB
import PalimpsestCore

/// The ledger's hash chain: how entries are appended and how a row's canonical content and an
/// entry's hash are computed, for both databases. Appending happens inside the caller's
/// transaction, so a row and its entry are committed together or not at all.
enum LedgerChain {
    /// Version tag mixed into every entry hash; changes only with the hashing rules.
    static let version = "palimpsest-ledger-chain-v1"

    /// The canonical content (JSON text) of the row an entry covers, or `nil` when the row is gone.
    ///
    /// A finding's content holds its row, its query image's SHA-256 and every candidate row
    /// (by rank) with its reference image's SHA-256; other kinds hold their row alone.
    static func content(_ tx: any LedgerTransaction, kind: LedgerEntryKind, recordID: String) throws -> String? {
        let key: any DatabaseValueConvertible = kind == .run ? recordID : (Int64(recordID) ?? -1)
        guard let row = try tx.row("SELECT * FROM \(kind.table) WHERE id = ?", [key]) else {
            return nil
        }
        var value = CanonicalValue(row: row)
        if kind == .finding {
            let querySHA = try tx.value(String.self, "SELECT sha256 FROM image WHERE id = ?", [row["image_id"] as Int64?])
            let candidates = try tx.rows("""
                SELECT c.*, i.sha256 AS reference_sha256 FROM candidate c LEFT JOIN image i ON i.id = c.reference_image_id
                WHERE c.finding_id = ? ORDER BY c.rank, c.id
                """, [row["id"] as Int64?])
            value = value.adding("candidates", .array(candidates.map(CanonicalValue.init(row:))))
            if let querySHA { value = value.adding("query_sha256", .text(querySHA)) }
        }
        return String(decoding: try JSONCoding.encoder().encode(value), as: UTF8.self)
    }

    /// SHA-256 (hex) of a text's UTF-8 bytes.
    static func sha256(_ text: String) -> String {
        Digest.sha256Hex(Data(text.utf8))
    }

    /// The hash of an entry's fields.
    static func entryHash(seq: Int64, kind: LedgerEntryKind, recordID: String, recordedAt: String,
                          contentSHA256: String, previousSHA256: String) -> String {
        let text = [version, String(seq), kind.rawValue, recordID, recordedAt, contentSHA256, previousSHA256].joined(separator: "\n")
        return sha256(text)
    }

    /// Whether a stored entry's hash matches its fields.
    static func hashMatches(_ entry: LedgerEntryRecord) -> Bool {
        entry.entrySha256 == entryHash(seq: entry.seq, kind: entry.kind, recordID: entry.recordId, recordedAt: entry.recordedAt,
                                       contentSHA256: entry.contentSha256, previousSHA256: entry.previousSha256)
    }

    /// The last entry, or `nil` for an empty chain.
    static func head(_ tx: any LedgerTransaction) throws -> LedgerEntryRecord? {
        try tx.record(LedgerEntryRecord.self, "SELECT * FROM ledger_entry ORDER BY seq DESC LIMIT 1")
    }

    /// Calls `body` with every entry in chain order, reading a page of entries at a time.
    static func forEachEntry(_ tx: any LedgerTransaction, _ body: (LedgerEntryRecord) throws -> Void) throws {
        var after: Int64 = .min
        while true {
            let page = try tx.records(LedgerEntryRecord.self, "SELECT * FROM ledger_entry WHERE seq > ? ORDER BY seq LIMIT 1000", [after])
            for entry in page { try body(entry) }
            guard let last = page.last else { return }
            after = last.seq
        }
    }

    /// Appends the entry covering a row that was just inserted in this transaction, which must
    /// hold the chain lock (``Ledger/writeChained(_:)``, or a migration).
    @discardableResult
    static func append(_ tx: any LedgerTransaction, kind: LedgerEntryKind, recordID: String) throws -> LedgerEntryRecord {
        guard let content = try content(tx, kind: kind, recordID: recordID) else {
            throw LedgerError.cannotChain(kind: kind.rawValue, recordID: recordID)
        }
        let previous = try head(tx)
        let seq = (previous?.seq ?? 0) + 1
        let previousSHA = previous?.entrySha256 ?? LedgerEntryRecord.genesis
        let recordedAt = Ledger.timestamp()
        let contentSHA = sha256(content)
        let entry = LedgerEntryRecord(
            seq: seq, kind: kind, recordId: recordID, recordedAt: recordedAt, contentSha256: contentSHA,
            previousSha256: previousSHA,
            entrySha256: entryHash(seq: seq, kind: kind, recordID: recordID, recordedAt: recordedAt,
                                   contentSHA256: contentSHA, previousSHA256: previousSHA))
        try tx.insert(entry)
        return entry
    }
}
