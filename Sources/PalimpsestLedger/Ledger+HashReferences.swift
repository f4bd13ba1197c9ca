import PalimpsestCore
import Foundation
import GRDB

extension Ledger {
    /// Adds hash-list entries to a corpus: an `image` row per new hash (identity `pdq:<hex>`,
    /// see ``HashReference``) and a membership labelled with the entry's label. A hash the
    /// ledger already knows keeps its row (its quality is filled in if it had none); a hash the
    /// corpus already holds keeps its first label.
    ///
    /// Entries are written in hash order, in transactions of `batchSize`, by multi-row
    /// statements (see ``HashImportBatch``); an interrupted import leaves whole batches, and
    /// running it again adds only what is missing.
    ///
    /// - Parameters:
    ///   - entries: the hashes, in list order.
    ///   - corpusID: the corpus's row id.
    ///   - batchSize: entries per transaction.
    /// - Returns: how many were added and how many the corpus already held.
    /// - Throws: a ledger error when it cannot be written.
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
        let size = max(1, batchSize)
        for start in stride(from: 0, to: ordered.count, by: size) {
            let batch = HashImportBatch(ordered[start ..< min(ordered.count, start + size)].map { entries[$0] })
            let added = try store.write { tx in try batch.write(tx, corpusID: corpusID, at: now) }
            counts.added += added
            counts.alreadyPresent += batch.entries.count - added
        }
        return counts
    }

    /// Every hash-only reference in the named corpora, once each, ordered by image id: what a
    /// scan matches by PDQ alone. Reads only the columns a match needs, corpus by corpus in the
    /// order of their primary key, so that a million load in seconds.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` for a name that is not a corpus.
    public func hashReferences(inCorpora names: [String]) throws -> StoredHashReferences {
        try store.read { tx in
            var out = StoredHashReferences()
            var corpusIDs: [Int64] = []
            for name in Set(names).sorted() {
                corpusIDs.append(try Self.corpusID(named: name, tx))
                out.corpusNames.append(name)
            }
            // An image held by several of the corpora counts once, in the first by name, as
            // image references do.
            var seen = Set<Int64>()
            for (index, corpusID) in corpusIDs.enumerated() {
                try tx.forEachRow("""
                    SELECT i.id, i.pdq, i.pdq_quality, m.path FROM corpus_member m JOIN image i ON i.id = m.image_id
                    WHERE m.corpus_id = ? AND i.source = ? AND i.pdq IS NOT NULL ORDER BY m.image_id
                    """, [corpusID, HashReference.hashListSource]) { row in
                    let imageID: Int64 = row["id"]
                    guard corpusIDs.count == 1 || seen.insert(imageID).inserted,
                          let hash = try row.withUnsafeData(named: "pdq", { $0?.withUnsafeBytes { Bits256(hexDigits: $0) } })
                    else { return }
                    out.imageIDs.append(imageID)
                    out.hashes.append(hash)
                    out.qualities.append(row["pdq_quality"])
                    out.labels.append(row["path"])
                    out.corpusIndexes.append(Int32(index))
                }
            }
            return corpusIDs.count == 1 ? out : out.sortedByImageID()
        }
    }

    /// The PDQ hash of every member of a corpus, image files and hash-only references alike,
    /// with its quality and its path or label, ordered by hash and then label (by code point,
    /// on either database): what `corpus export-hashes` writes, in an order that makes two
    /// exports comparable.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``.
    public func hashList(ofCorpus name: String) throws -> [HashReference] {
        try store.read { tx in
            let id = try Self.corpusID(named: name, tx)
            var out: [HashReference] = []
            let collation = tx.dialect.byCodePoint
            try tx.forEachRow("""
                SELECT i.pdq, i.pdq_quality, m.path FROM corpus_member m JOIN image i ON i.id = m.image_id
                WHERE m.corpus_id = ? AND i.pdq IS NOT NULL ORDER BY i.pdq\(collation), m.path\(collation)
                """, [id]) { row in
                guard let hash = Bits256(hex: row["pdq"] as String) else { return }
                out.append(HashReference(pdq: hash, quality: row["pdq_quality"], label: row["path"]))
            }
            return out
        }
    }
}
