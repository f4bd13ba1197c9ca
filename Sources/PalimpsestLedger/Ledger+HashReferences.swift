import Foundation
import GRDB
import PalimpsestFingerprint

extension Ledger {
    /// Adds hash-list entries to a corpus: an `image` row per new hash (identity `pdq:<hex>`,
    /// see ``HashReference``) and a membership labelled with the entry's label. A hash the
    /// ledger already knows keeps its row (its quality is filled in if it had none); a hash the
    /// corpus already holds keeps its first label.
    ///
    /// Entries are written in transactions of `batchSize`, so a million take seconds; an
    /// interrupted import leaves whole batches, and running it again adds only what is missing.
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
        for start in stride(from: 0, to: entries.count, by: max(1, batchSize)) {
            let batch = entries[start ..< min(entries.count, start + max(1, batchSize))]
            try writer.write { db in
                let upsert = try db.cachedStatement(sql: """
                    INSERT INTO image (sha256, pdq, pdq_quality, source, first_seen) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(sha256) DO UPDATE SET pdq_quality = COALESCE(image.pdq_quality, excluded.pdq_quality)
                    RETURNING id
                    """)
                let member = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO corpus_member (corpus_id, image_id, path, added_at) VALUES (?, ?, ?, ?)
                    """)
                for entry in batch {
                    let hex = entry.pdq.hex
                    let arguments: StatementArguments = [HashReference.identityPrefix + hex, hex, entry.quality,
                                                         HashReference.hashListSource, now]
                    // RETURNING yields the id of the row inserted or, for a known hash, updated.
                    let imageID = try Int64.fetchOne(upsert, arguments: arguments)!
                    try member.execute(arguments: [corpusID, imageID, entry.label, now])
                    if db.changesCount > 0 { counts.added += 1 } else { counts.alreadyPresent += 1 }
                }
            }
        }
        return counts
    }

    /// Every hash-only reference in the named corpora, once each, ordered by image id: what a
    /// scan matches by PDQ alone. Reads only the columns a match needs, so a million load in
    /// about a second.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` for a name that is not a corpus.
    public func hashReferences(inCorpora names: [String]) throws -> StoredHashReferences {
        try writer.read { db in
            var out = StoredHashReferences()
            var corpusIndexByID: [Int64: Int32] = [:]
            for name in names.sorted() {
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM corpus WHERE name = ?", arguments: [name]) else {
                    throw LedgerError.unknownCorpus(name)
                }
                if corpusIndexByID[id] == nil {
                    corpusIndexByID[id] = Int32(out.corpusNames.count)
                    out.corpusNames.append(name)
                }
            }
            let ids = Array(corpusIndexByID.keys)
            let placeholders = ids.map { _ in "?" }.joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: """
                SELECT i.id, i.pdq, i.pdq_quality, m.corpus_id, m.path
                FROM corpus_member m JOIN image i ON i.id = m.image_id
                WHERE m.corpus_id IN (\(placeholders)) AND i.source = ? AND i.pdq IS NOT NULL
                ORDER BY i.id
                """, arguments: StatementArguments(ids) + [HashReference.hashListSource])
            while let row = try rows.next() {
                let imageID: Int64 = row[0]
                let corpus = corpusIndexByID[row[3]] ?? 0
                if out.imageIDs.last == imageID {
                    // Held by several of the corpora: keep the first by name, as image references do.
                    if corpus < out.corpusIndexes[out.count - 1] {
                        out.corpusIndexes[out.count - 1] = corpus
                        out.labels[out.count - 1] = row[4]
                    }
                    continue
                }
                guard let hash = Bits256(hex: row[1] as String) else { continue }
                out.imageIDs.append(imageID)
                out.hashes.append(hash)
                out.qualities.append(row[2])
                out.corpusIndexes.append(corpus)
                out.labels.append(row[4])
            }
            return out
        }
    }

    /// The PDQ hash of every member of a corpus, image files and hash-only references alike,
    /// with its quality and its path or label, ordered by hash and then label: what
    /// `corpus export-hashes` writes, in an order that makes two exports comparable.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``.
    public func hashList(ofCorpus name: String) throws -> [HashReference] {
        try writer.read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM corpus WHERE name = ?", arguments: [name]) else {
                throw LedgerError.unknownCorpus(name)
            }
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
