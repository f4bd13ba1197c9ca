import GRDB

extension Ledger {
    /// Stores an audit run's summary (its report's `audit` section, as JSON), once.
    public func recordAuditSummary(runID: String, json: String) throws {
        try writer.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO audit_summary (run_id, summary) VALUES (?, ?)", arguments: [runID, json])
        }
    }

    /// The audit summary of a run, if it is an audit.
    public func auditSummary(runID: String) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT summary FROM audit_summary WHERE run_id = ?", arguments: [runID])
        }
    }
}
