import GRDB

/// A summary of some corpora's membership that changes whenever an image is added to or
/// removed from one of them, or a corpus is removed (or removed and created again).
///
/// It is cheap to read (one pass over the membership index), so a long-running process can
/// poll it and reload its references only when it changes:
///
/// ```swift
/// let loaded = try ledger.revision(ofCorpora: ["paintings"])
/// // … later …
/// if try ledger.revision(ofCorpora: ["paintings"]) != loaded { /* reload */ }
/// ```
public struct CorpusRevision: Sendable, Hashable, CustomStringConvertible {
    /// One corpus's part of the revision.
    public struct Entry: Sendable, Hashable {
        /// The corpus name.
        public var name: String
        /// The corpus row id (a corpus removed and created again gets a new one).
        public var corpusID: Int64
        /// How many images it holds.
        public var members: Int
        /// The largest and the sum of its members' image ids (members are only ever added, or
        /// removed with their corpus, so these and the count change whenever membership does).
        public var maxImageID: Int64, imageIDSum: Int64
    }

    /// The corpora that exist, by name.
    public var entries: [Entry]

    /// Total images over the corpora (an image in two corpora counts twice).
    public var memberCount: Int { entries.reduce(0) { $0 + $1.members } }

    /// `name:count` for each corpus, for logs.
    public var description: String { entries.map { "\($0.name):\($0.members)" }.joined(separator: ",") }
}

extension Ledger {
    /// The current ``CorpusRevision`` of the named corpora; names that are not corpora are
    /// left out (so removing a corpus changes the revision).
    public func revision(ofCorpora names: [String]) throws -> CorpusRevision {
        guard !names.isEmpty else { return CorpusRevision(entries: []) }
        return try store.read { tx in
            let placeholders = names.map { _ in "?" }.joined(separator: ",")
            let rows = try tx.rows("""
                SELECT c.name, c.id, COUNT(m.image_id) AS n, CAST(COALESCE(MAX(m.image_id), 0) AS BIGINT) AS max_id,
                       CAST(COALESCE(SUM(m.image_id), 0) AS BIGINT) AS sum_id
                FROM corpus c LEFT JOIN corpus_member m ON m.corpus_id = c.id
                WHERE c.name IN (\(placeholders))
                GROUP BY c.id, c.name ORDER BY c.name\(tx.dialect.byCodePoint)
                """, names.map { $0 })
            return CorpusRevision(entries: rows.map { row in
                CorpusRevision.Entry(name: row["name"], corpusID: row["id"], members: row["n"],
                                     maxImageID: row["max_id"], imageIDSum: row["sum_id"])
            })
        }
    }
}
