import PalimpsestCore
import Foundation

extension Ledger {
    /// Recomputes the hash chain and checks every record and report file against it.
    ///
    /// Finds rows that were changed, deleted or inserted (even by someone editing the SQLite
    /// file or the PostgreSQL tables directly), entries that were edited, removed or reordered,
    /// dropped or disabled append-only triggers, and report files that differ from their
    /// recorded SHA-256. It cannot tell a
    /// wholesale rewrite of the chain from the original: for that, anchor ``chainHead()``
    /// somewhere outside the ledger and pass it back as `expectedHead`.
    ///
    /// ```swift
    /// let result = try ledger.verifyChain()
    /// if let problem = result.problems.first { print(problem) }
    /// ```
    ///
    /// - Parameters:
    ///   - expectedHead: An `entry_sha256` anchored earlier; it must still be in the chain.
    ///   - checkReportFiles: Whether to re-hash the report files (the latest record per path).
    /// - Returns: The entry count, the head and every problem, in chain order.
    public func verifyChain(expectedHead: String? = nil, checkReportFiles: Bool = true) throws -> ChainVerification {
        let verifier = ChainVerifier(checkReportFiles: checkReportFiles, expectedHead: expectedHead)
        return try store.read { tx in try verifier.verify(tx) }
    }

    /// The last chain entry, or `nil` for an empty ledger: the value to anchor elsewhere (a
    /// ticket, an e-mail, a timestamping service) so that a later rewrite can be detected.
    public func chainHead() throws -> LedgerEntryRecord? {
        try store.read { tx in try LedgerChain.head(tx) }
    }

    /// Calls `body` with every chain entry and its content, in chain order.
    public func exportChain(_ body: (ChainedEntry) throws -> Void) throws {
        try store.read { tx in
            try LedgerChain.forEachEntry(tx) { entry in
                try body(ChainedEntry(entry, content: try LedgerChain.content(tx, kind: entry.kind, recordID: entry.recordId)))
            }
        }
    }

    /// The chain entries that cover a finding: its run, the finding with its candidates, and
    /// the run's completions, in chain order.
    ///
    /// - Throws: ``LedgerError/unknownFinding(_:)``.
    public func chainEntries(coveringFinding id: Int64) throws -> [ChainedEntry] {
        try store.read { tx in
            guard let runID = try tx.value(String.self, "SELECT run_id FROM finding WHERE id = ?", [id]) else {
                throw LedgerError.unknownFinding(id)
            }
            let completions = try tx.values(String.self, "SELECT CAST(id AS TEXT) FROM run_completion WHERE run_id = ?", [runID])
            let wanted: [(LedgerEntryKind, String)] = [(.run, runID), (.finding, String(id))] + completions.map { (.runCompletion, $0) }
            var out: [ChainedEntry] = []
            for (kind, recordID) in wanted {
                guard let entry = try tx.record(LedgerEntryRecord.self, "SELECT * FROM ledger_entry WHERE kind = ? AND record_id = ?",
                                                [kind.rawValue, recordID]) else {
                    continue
                }
                out.append(ChainedEntry(entry, content: try LedgerChain.content(tx, kind: kind, recordID: recordID)))
            }
            return out.sorted { $0.seq < $1.seq }
        }
    }
}
