import PalimpsestCore
import Foundation
import GRDB

/// What happened when a file was added to a corpus.
public enum MembershipOutcome: Sendable, Equatable {
    /// The image was not in the corpus and now is.
    case added
    /// The corpus already held an image with the same SHA-256.
    case alreadyPresent
}

extension Ledger {
    /// Returns the corpus named `name`, creating it with `kind` if it does not exist.
    ///
    /// - Throws: ``LedgerError/corpusKindMismatch(name:existing:requested:)`` when it exists with another kind.
    public func ensureCorpus(named name: String, kind: CorpusKind) throws -> CorpusRecord {
        try store.write { tx in
            try tx.execute("INSERT INTO corpus (name, kind, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                           [name, kind.rawValue, Ledger.timestamp()])
            guard let corpus = try tx.record(CorpusRecord.self, "SELECT * FROM corpus WHERE name = ?", [name]) else {
                throw LedgerError.unknownCorpus(name)
            }
            guard corpus.kind == kind else {
                throw LedgerError.corpusKindMismatch(name: name, existing: corpus.kind.rawValue, requested: kind.rawValue)
            }
            return corpus
        }
    }

    /// The corpus named `name`, if any.
    public func corpus(named name: String) throws -> CorpusRecord? {
        try store.read { tx in try tx.record(CorpusRecord.self, "SELECT * FROM corpus WHERE name = ?", [name]) }
    }

    /// The row id of the corpus named `name`.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when there is none.
    static func corpusID(named name: String, _ tx: any LedgerTransaction) throws -> Int64 {
        guard let id = try tx.value(Int64.self, "SELECT id FROM corpus WHERE name = ?", [name]) else {
            throw LedgerError.unknownCorpus(name)
        }
        return id
    }

    /// Every corpus with its image count and total file size, by name.
    public func corpusSummaries() throws -> [CorpusSummary] {
        try store.read { tx in
            try tx.rows("""
                SELECT c.name, c.kind, c.created_at, COUNT(m.image_id) AS n, CAST(COALESCE(SUM(i.file_size), 0) AS BIGINT) AS bytes
                FROM corpus c
                LEFT JOIN corpus_member m ON m.corpus_id = c.id
                LEFT JOIN image i ON i.id = m.image_id
                GROUP BY c.id, c.name, c.kind, c.created_at ORDER BY c.name
                """).map { row in
                CorpusSummary(name: row["name"], kind: CorpusKind(rawValue: row["kind"]) ?? .registry,
                              createdAt: row["created_at"], imageCount: row["n"], totalBytes: row["bytes"])
            }
        }
    }

    /// Removes a corpus and its memberships; images stay in the ledger, since findings refer to them.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``.
    public func removeCorpus(named name: String) throws {
        try store.write { tx in
            let id = try Self.corpusID(named: name, tx)
            try tx.execute("DELETE FROM corpus_member WHERE corpus_id = ?", [id])
            try tx.execute("DELETE FROM corpus WHERE id = ?", [id])
        }
    }

    /// Whether the corpus already holds the image with this SHA-256.
    public func corpus(_ corpusID: Int64, contains sha256: String) throws -> Bool {
        try store.read { tx in
            try tx.value(Bool.self, """
                SELECT EXISTS(SELECT 1 FROM corpus_member m JOIN image i ON i.id = m.image_id
                              WHERE m.corpus_id = ? AND i.sha256 = ?)
                """, [corpusID, sha256]) ?? false
        }
    }

    /// Whether the ledger already holds fingerprints for this SHA-256.
    public func hasImage(sha256: String) throws -> Bool {
        try store.read { tx in
            try tx.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM image WHERE sha256 = ?)", [sha256]) ?? false
        }
    }

    /// Adds an already-fingerprinted image to a corpus by SHA-256, in one transaction.
    public func addMember(corpusID: Int64, sha256: String, path: String) throws -> MembershipOutcome {
        try store.write { tx in
            guard let imageID = try tx.value(Int64.self, "SELECT id FROM image WHERE sha256 = ?", [sha256]) else {
                return .alreadyPresent
            }
            return try Self.insertMember(tx, corpusID: corpusID, imageID: imageID, path: path)
        }
    }

    /// Records an image (if new) and its membership in a corpus, in one transaction.
    public func add(_ image: ImageFacts, toCorpus corpusID: Int64, path: String) throws -> MembershipOutcome {
        try store.write { tx in
            let imageID = try Self.upsertImage(tx, image)
            return try Self.insertMember(tx, corpusID: corpusID, imageID: imageID, path: path)
        }
    }

    /// Adds an image to a corpus unless it is already a member.
    static func insertMember(_ tx: any LedgerTransaction, corpusID: Int64, imageID: Int64, path: String) throws -> MembershipOutcome {
        let inserted = try tx.execute("""
            INSERT INTO corpus_member (corpus_id, image_id, path, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
            """, [corpusID, imageID, path, Ledger.timestamp()])
        guard inserted > 0 else { return .alreadyPresent }
        try countMembershipChange(tx, corpusID: corpusID)
        return .added
    }

    /// Inserts the image unless one with the same SHA-256 exists; returns its row id. An image
    /// already recorded gains the codes of hashes it was recorded without (hashes registered
    /// since), and keeps those it has.
    ///
    /// Safe against a concurrent insert of the same image by another worker: the loser's
    /// insert does nothing (PostgreSQL waits for the winner to commit first) and it reads the
    /// winner's row.
    static func upsertImage(_ tx: any LedgerTransaction, _ image: ImageFacts) throws -> Int64 {
        let sha = image.sha256
        if let id = try tx.value(Int64.self, "SELECT id FROM image WHERE sha256 = ?", [sha]) {
            for (name, code) in image.hashCodes.sorted(by: { $0.key < $1.key }) {
                try tx.execute("INSERT INTO image_hash (image_id, name, code) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                               [id, name, code.hex])
            }
            return id
        }
        let record = ImageRecord(image, firstSeen: Ledger.timestamp())
        guard let id = try tx.insertIfAbsent(record) else {
            guard let winner = try tx.value(Int64.self, "SELECT id FROM image WHERE sha256 = ?", [sha]) else {
                throw LedgerError.databaseFailure("the image \(sha) could neither be inserted nor found")
            }
            return winner
        }
        for (name, code) in image.hashCodes.sorted(by: { $0.key < $1.key }) {
            try tx.execute("INSERT INTO image_hash (image_id, name, code) VALUES (?, ?, ?)", [id, name, code.hex])
        }
        if let features = image.localFeatures {
            try tx.execute("INSERT INTO local_features (image_id, extractor, data) VALUES (?, ?, ?)",
                           [id, features.extractor, Data(features.data)])
        }
        return id
    }
}
