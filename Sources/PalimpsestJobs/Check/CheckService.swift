import Foundation
import PalimpsestCore
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// One image, analyzed and matched, not yet recorded.
public struct MatchedQuery: Sendable {
    /// The image's bytes as received.
    public var bytes: [UInt8]
    /// The analyzed image.
    public var query: AnalyzedImage
    /// The graded candidates, best first.
    public var candidates: [CandidateDraft]
    /// The corpora it was matched against, sorted.
    public var corpora: [String]
    /// How long each stage took so far.
    public var times: StageTimes
}

/// A recorded check.
public struct CheckOutcome: Sendable {
    /// The run the check was recorded as.
    public var runID: String
    /// The finding, exactly as `report.json` shows it.
    public var finding: ScanReport.Finding
    /// Decoder warnings (a JPEG cut short decodes with "Premature end of JPEG file").
    public var warnings: [String]
    /// How long each stage took, from decoding to putting the recorded finding in report shape.
    public var times: StageTimes
}

/// Checks single images against corpora loaded once, matching and grading them as `scan`
/// does, and records every check in the ledger as a finished run of its own (command
/// `check`): its corpora and matching configuration are exactly those the check used, its chain entries
/// are written when the verdict is given, and its report shows that one finding.
///
/// The references stay in memory; ``refreshIfChanged()`` reloads them when the served
/// corpora's membership changed and swaps them in at once, so checks in flight finish with
/// the references they started with. Every method may be called from any thread.
///
/// ```swift
/// let service = try CheckService(ledger: ledger, options: CheckOptions(corpora: ["paintings"]))
/// let matched = try service.match(bytes, top: 5)
/// let outcome = try service.record(matched, commandLine: "POST /v1/check")
/// print(outcome.finding.grade)
/// ```
public final class CheckService: Sendable {
    /// The ledger checks are recorded in.
    public let ledger: Ledger
    /// Decodes and fingerprints images, as `scan` does (pasted-looking regions described too).
    public let analyzer: ImageAnalyzer
    /// What is served.
    public let options: CheckOptions
    private let served: Locked<ServedCorpora>
    private let uploads: UploadStore
    private let runIDs = Locked<(second: String, issued: Set<String>)>(("", []))
    private let reporting = NSLock()
    private let thresholdsJSON: String
    private let algorithmsJSON: String

    /// Loads the references of the served corpora.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when a corpus does not exist.
    public init(ledger: Ledger, analyzer: ImageAnalyzer = ImageAnalyzer(), options: CheckOptions) throws {
        self.ledger = ledger
        self.analyzer = analyzer
        self.options = options
        served = Locked(try ServedCorpora(names: options.corpora, ledger: ledger, analyzer: analyzer,
                                          configuration: options.configuration, cachedSubsets: options.cachedSubsets))
        uploads = UploadStore(folder: options.uploadDirectory)
        thresholdsJSON = try JSONCoding.string(options.configuration)
        algorithmsJSON = try analyzer.algorithmsJSON()
    }

    /// The references served now.
    public var corpora: ServedCorpora { served.current }

    /// Analyzes `bytes` and matches the image against the served corpora, or the named subset.
    ///
    /// - Parameters:
    ///   - bytes: a JPEG, PNG or WebP file.
    ///   - subset: corpora to match against, all served ones when `nil` or empty.
    ///   - top: candidates to keep.
    /// - Throws: ``CheckError`` for an empty upload or a corpus not served, ``DecodeError`` when
    ///   the image cannot be decoded.
    public func match(_ bytes: [UInt8], corpora subset: [String]? = nil, top: Int = 5) throws -> MatchedQuery {
        guard !bytes.isEmpty else { throw CheckError.emptyUpload }
        let served = self.served.current
        let (corpora, matcher) = try served.matcher(for: subset)
        let query = try analyzer.analyze(bytes: bytes, path: "upload")
        let matched = matcher.match(query, top: top)
        var times = query.times
        times.append(matched.times)
        return MatchedQuery(bytes: bytes, query: query, candidates: matched.candidates, corpora: corpora, times: times)
    }

    /// Keeps the image (see ``CheckOptions/uploadDirectory``) and records the check as a
    /// finished run with one finding.
    ///
    /// - Parameter commandLine: what the run record says was asked (the request line).
    /// - Throws: a ledger or file system error.
    public func record(_ matched: MatchedQuery, commandLine: String) throws -> CheckOutcome {
        var times = matched.times
        let facts = matched.query.facts
        let path = try times.measure("store-upload") {
            try uploads.store(matched.bytes, sha256: facts.fingerprints.sha256, format: facts.format)
        }
        let runID = uniqueRunID()
        let run = RunRecord(id: runID, command: "check", commandLine: commandLine, toolVersion: PalimpsestVersion.current,
                            startedAt: Ledger.timestamp(), thresholds: thresholdsJSON, algorithms: algorithmsJSON,
                            corpora: try JSONCoding.string(matched.corpora))
        let stored = try times.measure("ledger") {
            try ledger.recordCheck(run, finding: FindingDraft(runID: runID, queryPath: path, query: facts, candidates: matched.candidates))
        }
        let finding = times.measure("report") { ReportBuilder.finding(stored) }
        return CheckOutcome(runID: runID, finding: finding, warnings: matched.query.warnings, times: times)
    }

    /// Reloads the references when the served corpora's membership changed since they were
    /// loaded, and swaps them in.
    ///
    /// - Returns: the new references, or `nil` when nothing changed.
    /// - Throws: a ledger error (a served corpus was removed, say); the old references stay.
    @discardableResult
    public func refreshIfChanged() throws -> ServedCorpora? {
        let current = served.current
        guard try ledger.revision(ofCorpora: current.names) != current.revision else { return nil }
        let fresh = try ServedCorpora(names: current.names, ledger: ledger, analyzer: analyzer,
                                      configuration: options.configuration, cachedSubsets: options.cachedSubsets)
        served.withLock { $0 = fresh }
        return fresh
    }

    /// The finding with this id, as `report.json` shows it, and its run.
    ///
    /// - Throws: ``LedgerError/unknownFinding(_:)``.
    public func finding(id: Int64) throws -> (runID: String, finding: ScanReport.Finding) {
        try ReportBuilder(ledger: ledger).finding(id: id)
    }

    /// The path of run `runID`'s `report.html`, written (with `report.json` and the pictures)
    /// under ``CheckOptions/reportDirectory`` unless one was written after the run finished.
    ///
    /// - Throws: ``LedgerError/unknownRun(_:)``, or a file system error.
    public func reportPage(runID: String) throws -> String {
        reporting.lock()
        defer { reporting.unlock() }
        let run = try ledger.run(id: runID)
        if let finished = run.finishedAt,
           let page = try ledger.reports(forRun: runID).last(where: { $0.path.hasSuffix("/report.html") && $0.createdAt >= finished }),
           FileManager.default.fileExists(atPath: page.path) {
            return page.path
        }
        return try ReportWriter(ledger: ledger, decode: analyzer.options.decode, jobs: 1)
            .write(runID: runID, under: options.reportDirectory).htmlPath
    }

    /// The path of a picture written for run `runID`'s report (`images/<name>`), or `nil`
    /// when the ledger records no such file.
    public func reportPicture(runID: String, name: String) throws -> String? {
        guard !name.contains("/") else { return nil }
        return try ledger.reports(forRun: runID).last { $0.path.hasSuffix("/images/" + name) }?.path
    }

    /// A run id no other check of this process was given.
    private func uniqueRunID() -> String {
        runIDs.withLock { state in
            while true {
                let id = RunIdentifier.make()
                let second = String(id.prefix { $0 != "-" })
                if second != state.second { state = (second, []) }
                if state.issued.insert(id).inserted { return id }
            }
        }
    }
}
