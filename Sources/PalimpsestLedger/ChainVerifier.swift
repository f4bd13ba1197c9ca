import PalimpsestCore
import Foundation
import GRDB

/// Recomputes the ledger's hash chain inside one read transaction and lists every problem:
/// broken links, edited entries, changed, deleted or unchained rows, orphan candidates,
/// dropped or disabled triggers, and report files that changed on disk.
struct ChainVerifier {
    /// Whether to re-hash the report files the ledger lists.
    var checkReportFiles = true
    /// A head hash anchored earlier, which must still be in the chain.
    var expectedHead: String?

    func verify(_ tx: any LedgerTransaction) throws -> ChainVerification {
        var problems: [ChainProblem] = []
        let triggers = Set(try tx.values(String.self, tx.dialect.activeTriggersQuery))
        let dropped = tx.dialect.protectionTriggers.filter { !triggers.contains($0) }
        if !dropped.isEmpty { problems.append(.protectionRemoved(triggers: dropped)) }

        var covered: [LedgerEntryKind: Set<String>] = [:]
        var reports: [(entry: LedgerEntryRecord, row: ReportRecord)] = []
        var previous: LedgerEntryRecord?
        var count = 0
        var sawHead = expectedHead == nil
        try LedgerChain.forEachEntry(tx) { entry in
            count += 1
            if entry.entrySha256 == expectedHead { sawHead = true }
            covered[entry.kind, default: []].insert(entry.recordId)
            let expectedSeq = (previous?.seq ?? 0) + 1
            if entry.seq > expectedSeq {
                problems.append(.entriesMissing(first: expectedSeq, last: entry.seq - 1))
            } else if entry.previousSha256 != (previous?.entrySha256 ?? LedgerEntryRecord.genesis) {
                problems.append(.linkBroken(seq: entry.seq, kind: entry.kind, recordID: entry.recordId))
            }
            if !LedgerChain.hashMatches(entry) {
                problems.append(.entryAltered(seq: entry.seq, kind: entry.kind, recordID: entry.recordId))
            }
            if let content = try LedgerChain.content(tx, kind: entry.kind, recordID: entry.recordId) {
                let now = LedgerChain.sha256(content)
                if now != entry.contentSha256 {
                    problems.append(.recordChanged(seq: entry.seq, kind: entry.kind, recordID: entry.recordId,
                                                   recorded: entry.contentSha256, now: now))
                }
                if entry.kind == .report, let id = Int64(entry.recordId),
                   let row = try tx.record(ReportRecord.self, "SELECT * FROM report WHERE id = ?", [id]) {
                    reports.append((entry, row))
                }
            } else {
                problems.append(.recordMissing(seq: entry.seq, kind: entry.kind, recordID: entry.recordId))
            }
            previous = entry
        }
        problems += try unchainedRows(tx, covered: covered)
        let (checked, fileProblems) = checkReportFiles ? reportFileProblems(reports) : (0, [])
        problems += fileProblems
        if let expectedHead, !sawHead { problems.append(.anchorNotFound(expectedHead)) }
        return ChainVerification(entryCount: count, head: previous, reportFilesChecked: checked,
                                 problems: problems.enumerated().sorted { a, b in
                                     (a.element.seq ?? .max, a.offset) < (b.element.seq ?? .max, b.offset)
                                 }.map(\.element))
    }

    /// Rows of the append-only tables that no entry covers, and candidates without a finding.
    private func unchainedRows(_ tx: any LedgerTransaction, covered: [LedgerEntryKind: Set<String>]) throws -> [ChainProblem] {
        var problems: [ChainProblem] = []
        for kind in LedgerEntryKind.allCases {
            let ids = try tx.values(String.self, "SELECT CAST(id AS TEXT) FROM \(kind.table) ORDER BY id")
            for id in ids where !(covered[kind]?.contains(id) ?? false) {
                problems.append(.unchainedRecord(kind: kind, recordID: id))
            }
        }
        let orphans = try tx.rows("""
            SELECT c.id, c.finding_id FROM candidate c LEFT JOIN finding f ON f.id = c.finding_id WHERE f.id IS NULL ORDER BY c.id
            """)
        for row in orphans {
            problems.append(.orphanCandidate(candidateID: row["id"], findingID: row["finding_id"]))
        }
        return problems
    }

    /// Re-hashes the latest recorded version of each report file.
    private func reportFileProblems(_ reports: [(entry: LedgerEntryRecord, row: ReportRecord)]) -> (Int, [ChainProblem]) {
        var latest: [String: (entry: LedgerEntryRecord, row: ReportRecord)] = [:]
        for report in reports { latest[report.row.path] = report }
        var problems: [ChainProblem] = []
        for (entry, row) in latest.values.sorted(by: { $0.entry.seq < $1.entry.seq }) {
            guard let data = FileManager.default.contents(atPath: row.path) else {
                problems.append(.reportFileMissing(seq: entry.seq, recordID: entry.recordId, path: row.path))
                continue
            }
            let now = Digest.sha256Hex(data)
            if now != row.sha256 {
                problems.append(.reportFileChanged(seq: entry.seq, recordID: entry.recordId, path: row.path,
                                                   recorded: row.sha256, now: now))
            }
        }
        return (latest.count, problems)
    }
}
