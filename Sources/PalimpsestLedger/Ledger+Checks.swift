import GRDB
import PalimpsestCore

extension Ledger {
    /// Records a run that checks one image, whole, in one transaction: the run, its finding
    /// (with the query image and the candidates) and its completion, each with its chain
    /// entry, so that the chain never holds half a check. `finding.runID` must be `run.id`.
    ///
    /// - Returns: the finding as recorded, with its images.
    public func recordCheck(_ run: RunRecord, finding: FindingDraft) throws -> StoredFinding {
        precondition(finding.runID == run.id, "a check's finding belongs to its run")
        let signalsJSON = try finding.candidates.map { try JSONCoding.string($0.signals) }
        return try writer.write { db in
            try Self.insert(run, db)
            let id = try Self.insert(finding, signalsJSON: signalsJSON, db)
            try Self.insertCompletion(runID: run.id, at: Ledger.timestamp(), db)
            guard let record = try FindingRecord.fetchOne(db, key: id) else { throw LedgerError.unknownFinding(id) }
            return try Self.stored([record], db)[0]
        }
    }
}
