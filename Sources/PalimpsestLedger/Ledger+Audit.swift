import PalimpsestCore

extension Ledger {
    /// Stores an audit run's summary (its report's `audit` section, as JSON), once.
    public func recordAuditSummary(runID: String, json: String) throws {
        try store.write { tx in
            try tx.execute("INSERT INTO audit_summary (run_id, summary) VALUES (?, ?) ON CONFLICT DO NOTHING", [runID, json])
        }
    }

    /// The audit summary of a run, if it is an audit.
    public func auditSummary(runID: String) throws -> String? {
        try store.read { tx in
            try tx.value(String.self, "SELECT summary FROM audit_summary WHERE run_id = ?", [runID])
        }
    }
}
