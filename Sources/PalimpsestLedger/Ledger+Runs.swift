import Foundation
import GRDB
import PalimpsestCore
import PalimpsestMatch

/// A finding to record: one query image and its graded candidates.
public struct FindingDraft: Sendable {
    /// The run it belongs to.
    public var runID: String
    /// The query's path as given.
    public var queryPath: String
    /// The query image.
    public var query: ImageFacts
    /// Its candidates, best first.
    public var candidates: [CandidateDraft]

    /// Groups a finding.
    public init(runID: String, queryPath: String, query: ImageFacts, candidates: [CandidateDraft]) {
        self.runID = runID
        self.queryPath = queryPath
        self.query = query
        self.candidates = candidates
    }
}

/// A candidate to record with a finding.
public struct CandidateDraft: Sendable {
    /// The reference image's row id.
    public var referenceImageID: Int64
    /// The corpus it was found in.
    public var corpus: String
    /// The path it was added from.
    public var referencePath: String
    /// Calibrated score.
    public var score: Double
    /// Grade.
    public var grade: Grade
    /// Every signal's raw value.
    public var signals: Signals

    /// Groups a candidate.
    public init(referenceImageID: Int64, corpus: String, referencePath: String, score: Double, grade: Grade, signals: Signals) {
        self.referenceImageID = referenceImageID
        self.corpus = corpus
        self.referencePath = referencePath
        self.score = score
        self.grade = grade
        self.signals = signals
    }
}

extension Ledger {
    /// Records the start of a run, with its chain entry.
    public func begin(_ run: RunRecord) throws {
        try writer.write { db in try Self.insert(run, db) }
    }

    /// Inserts a run and its chain entry.
    static func insert(_ run: RunRecord, _ db: Database) throws {
        try run.insert(db)
        try LedgerChain.append(db, kind: .run, recordID: run.id)
    }

    /// Records the end of a run as a new completion row with its chain entry: runs are never
    /// updated, and the latest completion is the run's ``RunRecord/finishedAt``.
    public func finishRun(id: String, at time: String = Ledger.timestamp()) throws {
        try writer.write { db in try Self.insertCompletion(runID: id, at: time, db) }
    }

    /// Inserts a run completion and its chain entry.
    static func insertCompletion(runID: String, at time: String, _ db: Database) throws {
        var completion = RunCompletionRecord(id: nil, runId: runID, finishedAt: time)
        try completion.insert(db)
        try LedgerChain.append(db, kind: .runCompletion, recordID: String(completion.id!))
    }

    /// The run with this id.
    ///
    /// - Throws: ``LedgerError/unknownRun(_:)``.
    public func run(id: String) throws -> RunRecord {
        guard let run = try writer.read({ db in try RunRecord.fetchOne(db, key: id).map { try Self.completed($0, db) } }) else {
            throw LedgerError.unknownRun(id)
        }
        return run
    }

    /// `run` with ``RunRecord/finishedAt`` taken from its latest completion, if it has one.
    static func completed(_ run: RunRecord, _ db: Database) throws -> RunRecord {
        var run = run
        if let finished = try String.fetchOne(db, sql: "SELECT finished_at FROM run_completion WHERE run_id = ? ORDER BY id DESC LIMIT 1",
                                              arguments: [run.id]) {
            run.finishedAt = finished
        }
        return run
    }

    /// Records a finding, its query image, its candidates and its chain entry in one
    /// transaction. Recording the same query path twice in a run keeps the first.
    ///
    /// - Returns: the finding's id.
    @discardableResult
    public func record(_ finding: FindingDraft) throws -> Int64 {
        let signalsJSON = try finding.candidates.map { try JSONCoding.string($0.signals) }
        return try writer.write { db in try Self.insert(finding, signalsJSON: signalsJSON, db) }
    }

    /// Inserts a finding (unless its run already has one for the query path), its query
    /// image, its candidates and its chain entry; returns its id.
    static func insert(_ finding: FindingDraft, signalsJSON: [String], _ db: Database) throws -> Int64 {
        if let existing = try Int64.fetchOne(db, sql: "SELECT id FROM finding WHERE run_id = ? AND query_path = ?",
                                             arguments: [finding.runID, finding.queryPath]) {
            return existing
        }
        let imageID = try upsertImage(db, finding.query)
        let best = finding.candidates.first
        var record = FindingRecord(
            id: nil, runId: finding.runID, queryPath: finding.queryPath, imageId: imageID,
            bestGrade: (finding.candidates.map(\.grade).max() ?? .none).rawValue,
            bestScore: best?.score ?? 0, createdAt: Ledger.timestamp())
        try record.insert(db)
        for (rank, candidate) in finding.candidates.enumerated() {
            var row = CandidateRecord(
                id: nil, findingId: record.id!, rank: rank + 1, referenceImageId: candidate.referenceImageID,
                corpus: candidate.corpus, referencePath: candidate.referencePath, score: candidate.score,
                grade: candidate.grade.rawValue, signals: signalsJSON[rank])
            try row.insert(db)
        }
        try LedgerChain.append(db, kind: .finding, recordID: String(record.id!))
        return record.id!
    }

    /// Records that a file could not be processed. Recording the same path twice in a run keeps the first.
    public func record(_ error: FileErrorRecord) throws {
        try writer.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO file_error (run_id, path, kind, message, created_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [error.runId, error.path, error.kind, error.message, error.createdAt])
            if db.changesCount > 0 {
                try LedgerChain.append(db, kind: .fileError, recordID: String(db.lastInsertedRowID))
            }
        }
    }

    /// Records a report file written for a run, with its chain entry.
    public func record(_ report: ReportRecord) throws {
        try writer.write { db in
            var report = report
            try report.insert(db)
            try LedgerChain.append(db, kind: .report, recordID: String(report.id!))
        }
    }

    /// The query paths a run has already recorded, as findings or errors (to resume it).
    public func processedPaths(inRun runID: String) throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT query_path FROM finding WHERE run_id = ? UNION SELECT path FROM file_error WHERE run_id = ?
                """, arguments: [runID, runID]))
        }
    }

    /// The errors a run recorded, in order.
    public func errors(inRun runID: String) throws -> [FileErrorRecord] {
        try writer.read { db in
            try FileErrorRecord.filter(Column("run_id") == runID).order(Column("id")).fetchAll(db)
        }
    }
}
