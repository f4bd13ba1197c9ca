import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestJobs
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// Tampering the ledger's hash chain must catch, checked the same way on a SQLite file and on a
/// PostgreSQL database: each store's suite records the fixture, says how its database is edited
/// behind the ledger's back, and runs these checks.
///
/// The fixture is a run with two findings (with candidates), a file error, a report file and
/// the run's completion.
public struct ChainTamperingSpecification {
    /// The ledger holding the fixture.
    public let ledger: Ledger
    /// The report file the run recorded.
    public let reportFile: URL
    /// The two findings recorded, in order.
    public private(set) var findingIDs: [Int64] = []
    private let bypass: String
    private let tamper: (String) throws -> Void
    private let entrySeq: (LedgerEntryKind, String) throws -> Int64

    /// Records the fixture into `ledger`.
    ///
    /// - Parameters:
    ///   - ledger: an empty ledger.
    ///   - reportFile: where to write the run's report file.
    ///   - bypass: statements that let the ones after them past the append-only triggers.
    ///   - tamper: runs SQL on the database directly.
    ///   - seq: the position of the chain entry covering a record, read from the database.
    public init(ledger: Ledger, reportFile: URL, bypass: String, tamper: @escaping (String) throws -> Void,
                seq: @escaping (LedgerEntryKind, String) throws -> Int64) throws {
        self.ledger = ledger
        self.reportFile = reportFile
        self.bypass = bypass
        self.tamper = tamper
        entrySeq = seq
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)
        _ = try ledger.add(Self.facts("ref", seed: 1), toCorpus: corpus.id!, path: "ref.png")
        let reference = try #require(try ledger.references(inCorpora: ["c"]).first)
        try ledger.begin(RunRecord(id: "run-1", command: "scan", commandLine: "scan q", toolVersion: "t", startedAt: "2026-01-01T00:00:00Z"))
        var signals = Signals()
        signals.pdqDistance = 4
        for (i, name) in ["q1.png", "q2.png"].enumerated() {
            let candidate = CandidateDraft(referenceImageID: reference.imageID, corpus: "c", referencePath: "ref.png",
                                           score: 0.9, grade: .nearDuplicate, signals: signals)
            findingIDs.append(try ledger.record(FindingDraft(runID: "run-1", queryPath: name, query: Self.facts("q\(i)", seed: UInt64(i + 2)),
                                                             candidates: [candidate])))
        }
        try ledger.record(FileErrorRecord(runId: "run-1", path: "bad.jpg", kind: "corrupt", message: "m", createdAt: "now"))
        try Data("{}".utf8).write(to: reportFile)
        try ledger.record(ReportRecord(runId: "run-1", path: reportFile.path, sha256: Digest.sha256Hex(Data("{}".utf8)), createdAt: "now"))
        try ledger.finishRun(id: "run-1")
    }

    /// Image facts made from a seed.
    public static func facts(_ sha: String, seed: UInt64) -> ImageFacts {
        var rng = SplitMix64(seed: seed)
        return ImageFacts(format: .png, width: 10, height: 10, fileSize: 100, fingerprints: Synthetic.fingerprints(sha256: sha, &rng))
    }

    /// The position of the entry covering a record.
    public func seq(_ kind: LedgerEntryKind, _ id: String) throws -> Int64 {
        try entrySeq(kind, id)
    }

    /// A deleted finding is named by its entry, first.
    public func deletedFindingFound() throws {
        let id = findingIDs[0]
        try tamper(bypass + "DELETE FROM candidate WHERE finding_id = \(id); DELETE FROM finding WHERE id = \(id)")

        let result = try ledger.verifyChain()

        #expect(result.problems.first == .recordMissing(seq: try seq(.finding, String(id)), kind: .finding, recordID: String(id)))
    }

    /// A finding inserted behind the ledger's back is the one problem found.
    public func forgedFindingFound() throws {
        try tamper("""
            INSERT INTO finding (id, run_id, query_path, image_id, best_grade, best_score, created_at)
            SELECT 99, run_id, 'forged.png', image_id, 'exact', 1.0, created_at FROM finding LIMIT 1
            """)

        #expect(try ledger.verifyChain().problems == [.unchainedRecord(kind: .finding, recordID: "99")])
    }

    /// A chain entry removed from the middle is reported, first.
    public func removedEntryFound() throws {
        try tamper(bypass + "DELETE FROM ledger_entry WHERE seq = 3")

        let result = try ledger.verifyChain()

        #expect(result.problems.contains(.entriesMissing(first: 3, last: 3)))
        #expect(result.problems.first?.seq == 3)
    }

    /// An edited report file is named by its entry, first.
    public func editedReportFound() throws {
        try Data("{\"findings\": []}".utf8).write(to: reportFile)

        let first = try #require(try ledger.verifyChain().problems.first)

        guard case let .reportFileChanged(seq, recordID, path, _, _) = first else {
            Issue.record("expected a changed report file, got \(first)")
            return
        }
        #expect(path == reportFile.path)
        #expect(seq == (try self.seq(.report, recordID)))
    }
}
