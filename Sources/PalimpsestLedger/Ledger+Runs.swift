import Foundation
import GRDB
import PalimpsestCore

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
    /// Every signal's raw value (the matcher's `Signals`), recorded as JSON.
    public var signals: any Encodable & Sendable

    /// Groups a candidate.
    public init(referenceImageID: Int64, corpus: String, referencePath: String, score: Double, grade: Grade,
                signals: any Encodable & Sendable) {
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
        try writeChained { tx in try Self.insertRun(tx, run) }
    }

    /// Inserts a run and its chain entry, inside a chained transaction.
    static func insertRun(_ tx: any LedgerTransaction, _ run: RunRecord) throws {
        try tx.insert(run)
        try LedgerChain.append(tx, kind: .run, recordID: run.id)
    }

    /// Records the end of a run as a new completion row with its chain entry: runs are never
    /// updated, and the latest completion is the run's ``RunRecord/finishedAt``.
    public func finishRun(id: String, at time: String = Ledger.timestamp()) throws {
        try writeChained { tx in try Self.insertCompletion(tx, runID: id, at: time) }
    }

    /// Inserts a completion row and its chain entry, inside a chained transaction.
    static func insertCompletion(_ tx: any LedgerTransaction, runID: String, at time: String) throws {
        let id = try tx.insertReturningID(RunCompletionRecord(id: nil, runId: runID, finishedAt: time))
        try LedgerChain.append(tx, kind: .runCompletion, recordID: String(id))
    }

    /// The run with this id.
    ///
    /// - Throws: ``LedgerError/unknownRun(_:)``.
    public func run(id: String) throws -> RunRecord {
        let run = try store.read { tx in
            try tx.record(RunRecord.self, "SELECT * FROM run WHERE id = ?", [id]).map { try Self.completed($0, tx) }
        }
        guard let run else { throw LedgerError.unknownRun(id) }
        return run
    }

    /// `run` with ``RunRecord/finishedAt`` taken from its latest completion, if it has one.
    static func completed(_ run: RunRecord, _ tx: any LedgerTransaction) throws -> RunRecord {
        var run = run
        if let finished = try tx.value(String.self, "SELECT finished_at FROM run_completion WHERE run_id = ? ORDER BY id DESC LIMIT 1",
                                       [run.id]) {
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
        return try writeChained { tx in try Self.insertFinding(tx, finding, signalsJSON: signalsJSON) }
    }

    /// Inserts a finding (unless the run already has one for the path), its query image and
    /// candidates, and its chain entry, inside a chained transaction.
    static func insertFinding(_ tx: any LedgerTransaction, _ finding: FindingDraft, signalsJSON: [String]) throws -> Int64 {
        if let existing = try tx.value(Int64.self, "SELECT id FROM finding WHERE run_id = ? AND query_path = ?",
                                       [finding.runID, finding.queryPath]) {
            return existing
        }
        let imageID = try upsertImage(tx, finding.query)
        let best = finding.candidates.first
        let record = FindingRecord(
            id: nil, runId: finding.runID, queryPath: finding.queryPath, imageId: imageID,
            bestGrade: (finding.candidates.map(\.grade).max() ?? .none).rawValue,
            bestScore: best?.score ?? 0, createdAt: Ledger.timestamp())
        let findingID = try tx.insertReturningID(record)
        for (rank, candidate) in finding.candidates.enumerated() {
            try tx.insert(CandidateRecord(
                id: nil, findingId: findingID, rank: rank + 1, referenceImageId: candidate.referenceImageID,
                corpus: candidate.corpus, referencePath: candidate.referencePath, score: candidate.score,
                grade: candidate.grade.rawValue, signals: signalsJSON[rank]))
        }
        try LedgerChain.append(tx, kind: .finding, recordID: String(findingID))
        return findingID
    }

    /// Records that a file could not be processed. Recording the same path twice in a run keeps the first.
    public func record(_ error: FileErrorRecord) throws {
        try writeChained { tx in try Self.insertFileError(tx, error) }
    }

    /// Inserts a file error (unless the run already has one for the path) and its chain entry,
    /// inside a chained transaction; the record's own `id` is ignored.
    static func insertFileError(_ tx: any LedgerTransaction, _ error: FileErrorRecord) throws {
        var error = error
        error.id = nil
        if let id = try tx.insertIfAbsent(error) {
            try LedgerChain.append(tx, kind: .fileError, recordID: String(id))
        }
    }

    /// Records a report file written for a run, with its chain entry.
    public func record(_ report: ReportRecord) throws {
        try writeChained { tx in
            let id = try tx.insertReturningID(report)
            try LedgerChain.append(tx, kind: .report, recordID: String(id))
        }
    }

    /// The query paths a run has already recorded, as findings or errors (to resume it).
    public func processedPaths(inRun runID: String) throws -> Set<String> {
        try store.read { tx in
            Set(try tx.values(String.self, """
                SELECT query_path FROM finding WHERE run_id = ? UNION SELECT path FROM file_error WHERE run_id = ?
                """, [runID, runID]))
        }
    }

    /// The errors a run recorded, in order.
    public func errors(inRun runID: String) throws -> [FileErrorRecord] {
        try store.read { tx in
            try tx.records(FileErrorRecord.self, "SELECT * FROM file_error WHERE run_id = ? ORDER BY id", [runID])
        }
    }
}
