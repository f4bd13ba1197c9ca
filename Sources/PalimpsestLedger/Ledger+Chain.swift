import Foundation
import GRDB

extension Ledger {
    /// Recomputes the hash chain and checks every record and report file against it.
    ///
    /// Finds rows that were changed, deleted or inserted (even by someone editing the SQLite
    /// file directly), entries that were edited, removed or reordered, dropped append-only
    /// triggers, and report files that differ from their recorded SHA-256. It cannot tell a
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
        return try writer.read { db in try verifier.verify(db) }
    }

    /// The last chain entry, or `nil` for an empty ledger: the value to anchor elsewhere (a
    /// ticket, an e-mail, a timestamping service) so that a later rewrite can be detected.
    public func chainHead() throws -> LedgerEntryRecord? {
        try writer.read { db in try LedgerChain.head(db) }
    }

    /// Calls `body` with every chain entry and its content, in chain order.
    public func exportChain(_ body: (ChainedEntry) throws -> Void) throws {
        try writer.read { db in
            let entries = try LedgerEntryRecord.order(Column("seq")).fetchCursor(db)
            while let entry = try entries.next() {
                try body(ChainedEntry(entry, content: try LedgerChain.content(db, kind: entry.kind, recordID: entry.recordId)))
            }
        }
    }

    /// The chain entries that cover a finding: its run, the finding with its candidates, and
    /// the run's completions, in chain order.
    ///
    /// - Throws: ``LedgerError/unknownFinding(_:)``.
    public func chainEntries(coveringFinding id: Int64) throws -> [ChainedEntry] {
        try writer.read { db in
            guard let runID = try String.fetchOne(db, sql: "SELECT run_id FROM finding WHERE id = ?", arguments: [id]) else {
                throw LedgerError.unknownFinding(id)
            }
            let completions = try String.fetchAll(db, sql: "SELECT CAST(id AS TEXT) FROM run_completion WHERE run_id = ?", arguments: [runID])
            let wanted: [(LedgerEntryKind, String)] = [(.run, runID), (.finding, String(id))] + completions.map { (.runCompletion, $0) }
            var out: [ChainedEntry] = []
            for (kind, recordID) in wanted {
                guard let entry = try LedgerEntryRecord.filter(Column("kind") == kind.rawValue && Column("record_id") == recordID).fetchOne(db) else {
                    continue
                }
                out.append(ChainedEntry(entry, content: try LedgerChain.content(db, kind: kind, recordID: recordID)))
            }
            return out.sorted { $0.seq < $1.seq }
        }
    }
}
