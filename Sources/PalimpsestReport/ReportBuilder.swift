import Foundation
import PalimpsestLedger
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestMatch

/// Builds a run's ``ScanReport`` from the ledger and writes it to disk, recording the file's
/// SHA-256 in the ledger.
public struct ReportBuilder: Sendable {
    /// The ledger the run is recorded in.
    public let ledger: Ledger

    /// Creates a builder over a ledger.
    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// The report of run `runID`, as recorded.
    ///
    /// - Throws: ``LedgerError/unknownRun(_:)``.
    public func report(runID: String) throws -> ScanReport {
        let run = try ledger.run(id: runID)
        let decoder = JSONCoding.decoder
        // Runs recorded before the configuration existed kept the grade rules alone: those are
        // reported, and no configuration is claimed for them.
        let configuration = run.thresholds.flatMap { try? decoder.decode(MatchingConfiguration.self, from: Data($0.utf8)) }
        let thresholds = configuration?.grading ?? run.thresholds.flatMap { try? decoder.decode(Thresholds.self, from: Data($0.utf8)) }
        let algorithms = run.algorithms.flatMap { try? decoder.decode([String: String].self, from: Data($0.utf8)) }
        let corpora = run.corpora.flatMap { try? decoder.decode([String].self, from: Data($0.utf8)) } ?? []
        let findings = try ledger.findings(inRun: runID).map(Self.finding)
        let errors = try ledger.errors(inRun: runID).map { ScanReport.FileError(path: $0.path, kind: $0.kind, message: $0.message) }
        var byGrade: [String: Int] = [:]
        for grade in Grade.allCases { byGrade[grade.rawValue] = 0 }
        for finding in findings { byGrade[finding.grade, default: 0] += 1 }
        return ScanReport(
            run: .init(id: run.id, command: run.command, commandLine: run.commandLine, toolVersion: run.toolVersion,
                       startedAt: run.startedAt, finishedAt: run.finishedAt, thresholds: thresholds,
                       configuration: configuration, configurationFingerprint: configuration?.fingerprint,
                       algorithms: algorithms, corpora: corpora),
            summary: .init(queries: findings.count, flagged: findings.filter { $0.grade != Grade.none.rawValue }.count,
                           errors: errors.count, byGrade: byGrade),
            findings: findings,
            errors: errors,
            audit: try ledger.auditSummary(runID: runID).flatMap { try? decoder.decode(AuditSection.self, from: Data($0.utf8)) })
    }

    /// The finding with this id, as `report.json` shows it, and the run it belongs to.
    ///
    /// - Throws: ``LedgerError/unknownFinding(_:)``.
    public func finding(id: Int64) throws -> (runID: String, finding: ScanReport.Finding) {
        let stored = try ledger.finding(id: id)
        return (stored.finding.runId, Self.finding(stored))
    }

    /// A recorded finding in the report's shape.
    public static func finding(_ stored: StoredFinding) -> ScanReport.Finding {
        ScanReport.Finding(
            id: stored.finding.id!,
            query: image(stored.query, path: stored.finding.queryPath, corpus: nil, withFingerprints: true),
            grade: stored.finding.bestGrade,
            score: stored.finding.bestScore,
            matches: stored.candidates.map { candidate, reference in
                ScanReport.Match(
                    rank: candidate.rank,
                    reference: image(reference, path: candidate.referencePath, corpus: candidate.corpus, withFingerprints: false),
                    score: candidate.score,
                    grade: candidate.grade,
                    signals: (try? JSONCoding.decoder.decode(Signals.self, from: Data(candidate.signals.utf8))) ?? Signals())
            })
    }

    /// An image as the report shows it; a hash-only reference always carries its PDQ hash,
    /// since that is all there is to show of it.
    static func image(_ stored: StoredImage, path: String, corpus: String?, withFingerprints: Bool) -> ScanReport.Image {
        ScanReport.Image(
            path: path, sha256: stored.sha256, hashOnly: stored.hashOnly ? true : nil, corpus: corpus, format: stored.format,
            width: stored.width, height: stored.height, fileSize: stored.fileSize,
            fingerprints: withFingerprints || stored.hashOnly ? ScanReport.FingerprintSet(
                pdq: stored.pdq, pdqQuality: stored.pdqQuality, pdqDihedral: stored.pdqDihedral,
                hashes: stored.hashCodes, embedder: stored.embedder) : nil)
    }
}
