import PalimpsestCore
import GRDB

/// A summary of some corpora's membership that changes whenever an image is added to one of
/// them, or a corpus is removed (or removed and created again).
///
/// It is cheap to read (one row per corpus, whatever its size), so a long-running process can
/// poll it and reload its references only when it changes:
///
/// ```swift
/// let loaded = try ledger.revision(ofCorpora: ["paintings"])
/// // … later …
/// if try ledger.revision(ofCorpora: ["paintings"]) != loaded { /* reload */ }
/// ```
public struct CorpusRevision: Sendable, Hashable, CustomStringConvertible {
    /// The migration that adds the change counter to each corpus.
    static let migrationIdentifier = "v8-corpus-changes"

    /// One corpus's part of the revision.
    public struct Entry: Sendable, Hashable {
        /// The corpus name.
        public var name: String
        /// The corpus row id (a corpus removed and created again gets a new one).
        public var corpusID: Int64
        /// How many transactions have added members to it: counted in the same transaction
        /// as the members, so it changes whenever membership does.
        public var changes: Int64
    }

    /// The corpora that exist, by name.
    public var entries: [Entry]

    /// `name@changes` for each corpus, for logs.
    public var description: String { entries.map { "\($0.name)@\($0.changes)" }.joined(separator: ",") }
}

extension Ledger {
    /// The current ``CorpusRevision`` of the named corpora; names that are not corpora are
    /// left out (so removing a corpus changes the revision).
    public func revision(ofCorpora names: [String]) throws -> CorpusRevision {
        guard !names.isEmpty else { return CorpusRevision(entries: []) }
        return try store.read { tx in
            let placeholders = names.map { _ in "?" }.joined(separator: ",")
            let rows = try tx.rows("""
                SELECT name, id, changes FROM corpus WHERE name IN (\(placeholders)) ORDER BY name\(tx.dialect.byCodePoint)
                """, names.map { $0 })
            return CorpusRevision(entries: rows.map { row in
                CorpusRevision.Entry(name: row["name"], corpusID: row["id"], changes: row["changes"])
            })
        }
    }

    /// Counts one more change to a corpus's membership, inside the transaction that made it.
    static func countMembershipChange(_ tx: any LedgerTransaction, corpusID: Int64) throws {
        try tx.execute("UPDATE corpus SET changes = changes + 1 WHERE id = ?", [corpusID])
    }
}
