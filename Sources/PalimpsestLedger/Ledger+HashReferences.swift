import Foundation
import GRDB
import PalimpsestFingerprint

extension Ledger {
    /// Adds hash-list entries to a corpus: an `image` row per new hash (identity `pdq:<hex>`,
    /// see ``HashReference``) and a membership labelled with the entry's label. A hash the
    /// ledger already knows keeps its row (its quality is filled in if it had none); a hash the
    /// corpus already holds keeps its first label.
    ///
    /// Entries are written in hash order, in transactions of `batchSize`; an interrupted import
    /// leaves whole batches, and running it again adds only what is missing.
    ///
    /// - Parameters:
    ///   - entries: the hashes, in list order.
    ///   - corpusID: the corpus's row id.
    ///   - batchSize: entries per transaction.
    /// - Returns: how many were added and how many the corpus already held.
    @discardableResult
    public func importHashes(_ entries: [HashReference], intoCorpus corpusID: Int64, batchSize: Int = 20_000) throws -> HashImportCounts {
        var counts = HashImportCounts()
        let now = Ledger.timestamp()
        // In hash order the identities' index grows at its end instead of at random pages, which
        // makes a large import several times faster; for a repeated hash the first entry in
        // list order still comes first, so its label is the one kept.
        let ordered = entries.indices.sorted { a, b in
            let x = entries[a].pdq.words, y = entries[b].pdq.words
            return (x[0], x[1], x[2], x[3], a) < (y[0], y[1], y[2], y[3], b)
        }
        for start in stride(from: 0, to: ordered.count, by: max(1, batchSize)) {
            let batch = ordered[start ..< min(ordered.count, start + max(1, batchSize))].lazy.map { entries[$0] }
            try writer.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO image (sha256, pdq, pdq_quality, source, first_seen) VALUES (?, ?, ?, ?, ?)
                    """)
                let known = try db.cachedStatement(sql: "SELECT id FROM image WHERE sha256 = ?")
                let fillQuality = try db.cachedStatement(sql: "UPDATE image SET pdq_quality = ? WHERE id = ? AND pdq_quality IS NULL")
                let member = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO corpus_member (corpus_id, image_id, path, added_at) VALUES (?, ?, ?, ?)
                    """)
                for entry in batch {
                    let hex = entry.pdq.hex, identity = HashReference.identityPrefix + hex
                    try insert.execute(arguments: [identity, hex, entry.quality, HashReference.hashListSource, now])
                    let imageID: Int64
                    if db.changesCount > 0 {
                        imageID = db.lastInsertedRowID
                    } else {
                        // A hash the ledger knew: its row is found by the unique identity.
                        imageID = try Int64.fetchOne(known, arguments: [identity])!
                        if let quality = entry.quality { try fillQuality.execute(arguments: [quality, imageID]) }
                    }
                    try member.execute(arguments: [corpusID, imageID, entry.label, now])
                    if db.changesCount > 0 { counts.added += 1 } else { counts.alreadyPresent += 1 }
                }
            }
        }
        return counts
    }

    /// Every hash-only reference in the named corpora, once each, ordered by image id: what a
    /// scan matches by PDQ alone. Reads only the columns a match needs, corpus by corpus in the
    /// order of their primary key, so that a million load in seconds.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` for a name that is not a corpus.
    public func hashReferences(inCorpora names: [String]) throws -> StoredHashReferences {
        try writer.read { db in
            var out = StoredHashReferences()
            var corpusIDs: [Int64] = []
            for name in Set(names).sorted() {
                corpusIDs.append(try Self.corpusID(named: name, db))
                out.corpusNames.append(name)
            }
            // An image held by several of the corpora counts once, in the first by name, as
            // image references do.
            var seen = Set<Int64>()
            for (index, corpusID) in corpusIDs.enumerated() {
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT i.id, i.pdq, i.pdq_quality, m.path FROM corpus_member m JOIN image i ON i.id = m.image_id
                    WHERE m.corpus_id = ? AND i.source = ? AND i.pdq IS NOT NULL ORDER BY m.image_id
                    """, arguments: [corpusID, HashReference.hashListSource])
                while let row = try rows.next() {
                    let imageID: Int64 = row[0]
                    guard corpusIDs.count == 1 || seen.insert(imageID).inserted,
                          let hash = try row.withUnsafeData(atIndex: 1, { $0?.withUnsafeBytes { Bits256(hexDigits: $0) } }) else { continue }
                    out.imageIDs.append(imageID)
                    out.hashes.append(hash)
                    out.qualities.append(row[2])
                    out.labels.append(row[3])
                    out.corpusIndexes.append(Int32(index))
                }
            }
            return corpusIDs.count == 1 ? out : out.sortedByImageID()
        }
    }

    /// The PDQ hash of every member of a corpus, image files and hash-only references alike,
    /// with its quality and its path or label, ordered by hash and then label: what
    /// `corpus export-hashes` writes, in an order that makes two exports comparable.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``.
    public func hashList(ofCorpus name: String) throws -> [HashReference] {
        try writer.read { db in
            let id = try Self.corpusID(named: name, db)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT i.pdq, i.pdq_quality, m.path FROM corpus_member m JOIN image i ON i.id = m.image_id
                WHERE m.corpus_id = ? AND i.pdq IS NOT NULL ORDER BY i.pdq, m.path
                """, arguments: [id])
            var out: [HashReference] = []
            while let row = try rows.next() {
                guard let hash = Bits256(hex: row[0] as String) else { continue }
                out.append(HashReference(pdq: hash, quality: row[1], label: row[2]))
            }
            return out
        }
    }
}
