import Foundation
import GRDB
import PalimpsestFingerprint

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
        try writer.write { db in
            if let existing = try CorpusRecord.filter(Column("name") == name).fetchOne(db) {
                guard existing.kind == kind else {
                    throw LedgerError.corpusKindMismatch(name: name, existing: existing.kind.rawValue, requested: kind.rawValue)
                }
                return existing
            }
            var corpus = CorpusRecord(id: nil, name: name, kind: kind, createdAt: Ledger.timestamp())
            try corpus.insert(db)
            return corpus
        }
    }

    /// The corpus named `name`, if any.
    public func corpus(named name: String) throws -> CorpusRecord? {
        try writer.read { db in try CorpusRecord.filter(Column("name") == name).fetchOne(db) }
    }

    /// The row id of the corpus named `name`.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when there is none.
    static func corpusID(named name: String, _ db: Database) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM corpus WHERE name = ?", arguments: [name]) else {
            throw LedgerError.unknownCorpus(name)
        }
        return id
    }

    /// Every corpus with its image count and total file size, by name.
    public func corpusSummaries() throws -> [CorpusSummary] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT c.name, c.kind, c.created_at, COUNT(m.image_id) AS n, COALESCE(SUM(i.file_size), 0) AS bytes
                FROM corpus c
                LEFT JOIN corpus_member m ON m.corpus_id = c.id
                LEFT JOIN image i ON i.id = m.image_id
                GROUP BY c.id ORDER BY c.name
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
        try writer.write { db in
            let id = try Self.corpusID(named: name, db)
            try db.execute(sql: "DELETE FROM corpus_member WHERE corpus_id = ?", arguments: [id])
            _ = try CorpusRecord.deleteOne(db, key: id)
        }
    }

    /// Whether the corpus already holds the image with this SHA-256.
    public func corpus(_ corpusID: Int64, contains sha256: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM corpus_member m JOIN image i ON i.id = m.image_id
                              WHERE m.corpus_id = ? AND i.sha256 = ?)
                """, arguments: [corpusID, sha256]) ?? false
        }
    }

    /// Whether the ledger already holds fingerprints for this SHA-256.
    public func hasImage(sha256: String) throws -> Bool {
        try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM image WHERE sha256 = ?)", arguments: [sha256]) ?? false
        }
    }

    /// Adds an already-fingerprinted image to a corpus by SHA-256, in one transaction.
    public func addMember(corpusID: Int64, sha256: String, path: String) throws -> MembershipOutcome {
        try writer.write { db in
            guard let imageID = try Int64.fetchOne(db, sql: "SELECT id FROM image WHERE sha256 = ?", arguments: [sha256]) else {
                return .alreadyPresent
            }
            return try Self.insertMember(db, corpusID: corpusID, imageID: imageID, path: path)
        }
    }

    /// Records an image (if new) and its membership in a corpus, in one transaction.
    public func add(_ image: ImageFacts, toCorpus corpusID: Int64, path: String) throws -> MembershipOutcome {
        try writer.write { db in
            let imageID = try Self.upsertImage(db, image)
            return try Self.insertMember(db, corpusID: corpusID, imageID: imageID, path: path)
        }
    }

    static func insertMember(_ db: Database, corpusID: Int64, imageID: Int64, path: String) throws -> MembershipOutcome {
        try db.execute(sql: """
            INSERT OR IGNORE INTO corpus_member (corpus_id, image_id, path, added_at) VALUES (?, ?, ?, ?)
            """, arguments: [corpusID, imageID, path, Ledger.timestamp()])
        return db.changesCount > 0 ? .added : .alreadyPresent
    }

    /// Inserts the image unless one with the same SHA-256 exists; returns its row id.
    static func upsertImage(_ db: Database, _ image: ImageFacts) throws -> Int64 {
        let sha = image.fingerprints.sha256
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM image WHERE sha256 = ?", arguments: [sha]) {
            return id
        }
        var record = ImageRecord(image, firstSeen: Ledger.timestamp())
        try record.insert(db)
        if let features = image.localFeatures {
            try db.execute(sql: "INSERT INTO local_features (image_id, extractor, data) VALUES (?, ?, ?)",
                           arguments: [record.id!, features.extractor, Data(features.data)])
        }
        return record.id!
    }
}
