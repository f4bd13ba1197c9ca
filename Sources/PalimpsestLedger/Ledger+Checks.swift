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
        return try writeChained { tx in
            try Self.insertRun(tx, run)
            let id = try Self.insertFinding(tx, finding, signalsJSON: signalsJSON)
            try Self.insertCompletion(tx, runID: run.id, at: Ledger.timestamp())
            guard let record = try tx.record(FindingRecord.self, "SELECT * FROM finding WHERE id = ?", [id]) else {
                throw LedgerError.unknownFinding(id)
            }
            return try Self.stored([record], tx)[0]
        }
    }
}
