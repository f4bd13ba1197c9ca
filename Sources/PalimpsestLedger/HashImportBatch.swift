import PalimpsestCore
import GRDB

/// One transaction's worth of a hash-list import, written by multi-row statements in SQL both
/// databases accept: an `INSERT … ON CONFLICT DO NOTHING RETURNING` of up to
/// ``rowsPerStatement`` images, a look-up of the ones the ledger already held, and an insert of
/// as many memberships. Row by row, a million hashes would be four million round trips to a
/// PostgreSQL server; this way they are a few thousand, and SQLite compiles a few thousand
/// statements instead of stepping four million.
struct HashImportBatch {
    /// Rows per statement: 5 arguments each stays far below SQLite's limit of 32,766 bound
    /// arguments and PostgreSQL's of 65,535.
    static let rowsPerStatement = 1_000

    /// One distinct hash of the batch: what its `image` row and its membership hold.
    private struct Image {
        var identity: String
        var hex: String
        /// The first quality its entries give, if any.
        var quality: Int?
        /// The first entry's label.
        var label: String
    }

    /// The entries, in hash order (repeated hashes next to each other, first in list order first).
    let entries: [HashReference]
    private let images: [Image]

    /// Groups `entries`, which must be in hash order, by hash.
    init(_ entries: [HashReference]) {
        self.entries = entries
        var images: [Image] = []
        var last: Bits256?
        for entry in entries {
            if entry.pdq == last {
                if images[images.count - 1].quality == nil { images[images.count - 1].quality = entry.quality }
                continue
            }
            last = entry.pdq
            let hex = entry.pdq.hex
            images.append(Image(identity: HashReference.identityPrefix + hex, hex: hex, quality: entry.quality, label: entry.label))
        }
        self.images = images
    }

    /// Writes the batch into the corpus in `tx`.
    ///
    /// - Returns: The number of memberships added (the other entries were already members).
    func write(_ tx: any LedgerTransaction, corpusID: Int64, at now: String) throws -> Int {
        var added = 0
        for start in stride(from: 0, to: images.count, by: Self.rowsPerStatement) {
            let chunk = images[start ..< min(images.count, start + Self.rowsPerStatement)]
            let ids = try imageIDs(chunk, tx, at: now)
            var arguments: SQLArguments = []
            arguments.reserveCapacity(4 * chunk.count)
            for image in chunk { arguments += [corpusID, ids[image.identity], image.label, now] }
            added += try tx.execute("""
                INSERT INTO corpus_member (corpus_id, image_id, path, added_at) VALUES \(Self.rows(chunk.count, of: 4))
                ON CONFLICT DO NOTHING
                """, arguments)
        }
        if added > 0 { try Ledger.countMembershipChange(tx, corpusID: corpusID) }
        return added
    }

    /// Inserts the images the ledger does not hold and returns every image's row id by
    /// identity; an image it held without a quality gets this batch's.
    private func imageIDs(_ chunk: ArraySlice<Image>, _ tx: any LedgerTransaction, at now: String) throws -> [String: Int64] {
        var arguments: SQLArguments = []
        arguments.reserveCapacity(5 * chunk.count)
        for image in chunk { arguments += [image.identity, image.hex, image.quality, HashReference.hashListSource, now] }
        var ids: [String: Int64] = [:]
        ids.reserveCapacity(chunk.count)
        try tx.forEachRow("""
            INSERT INTO image (sha256, pdq, pdq_quality, source, first_seen) VALUES \(Self.rows(chunk.count, of: 5))
            ON CONFLICT DO NOTHING RETURNING id, sha256
            """, arguments) { row in ids[row["sha256"]] = row["id"] }
        guard ids.count < chunk.count else { return ids }

        // Hashes the ledger already knew (or a concurrent import inserted first): found by identity.
        let known = chunk.filter { ids[$0.identity] == nil }
        var qualities: [String: Int] = [:]
        try tx.forEachRow("""
            SELECT id, sha256, pdq_quality FROM image WHERE sha256 IN (\(Self.placeholders(known.count)))
            """, known.map(\.identity)) { row in
            ids[row["sha256"]] = row["id"]
            if let quality: Int = row["pdq_quality"] { qualities[row["sha256"]] = quality }
        }
        for image in known where qualities[image.identity] == nil {
            guard let quality = image.quality, let id = ids[image.identity] else { continue }
            try tx.execute("UPDATE image SET pdq_quality = ? WHERE id = ? AND pdq_quality IS NULL", [quality, id])
        }
        guard ids.count == chunk.count else {
            throw LedgerError.databaseFailure("\(chunk.count - ids.count) hash-only images could neither be inserted nor found")
        }
        return ids
    }

    /// `(?, …), (?, …), …`: `count` rows of `width` placeholders.
    private static func rows(_ count: Int, of width: Int) -> String {
        let row = "(" + placeholders(width) + ")"
        return Array(repeating: row, count: count).joined(separator: ", ")
    }

    /// `?, ?, …`: `count` placeholders.
    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
