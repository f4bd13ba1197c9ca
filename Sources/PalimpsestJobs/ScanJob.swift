import Foundation
import PalimpsestCore
import PalimpsestSearch
import PalimpsestDecode
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// What to scan against and how.
public struct ScanOptions: Sendable {
    /// Corpus names to match against.
    public var corpora: [String]
    /// Candidates kept per query.
    public var top = 5
    /// Every number of matching and grading, recorded with the run.
    public var configuration = MatchingConfiguration()
    /// The grade rules of ``configuration``.
    public var thresholds: Thresholds {
        get { configuration.grading }
        set { configuration.grading = newValue }
    }
    /// Where `<run-id>/report.json` and `<run-id>/report.html` are written.
    public var reportDirectory = "Reports"
    /// Continue this interrupted run instead of starting a new one.
    public var resumeRunID: String?
    /// The command recorded for the run (`scan`, or `audit` when an audit drives the scan).
    public var command = "scan"
    /// Whether to write the report when the scan ends (an audit writes it after adding its section).
    public var writesReport = true
    /// How many shards the references are split into. A queued run's workers then each hold
    /// one shard at a time; a scan here holds them all (which changes nothing in its findings).
    public var shards = 1

    /// Options for a scan against `corpora`.
    public init(corpora: [String]) { self.corpora = corpora }
}

/// The outcome of a scan.
public struct ScanOutcome: Sendable {
    /// The run id.
    public var runID: String
    /// The report written, or `nil` when the options asked for none.
    public var reportPath: String?
    /// The report's content.
    public var report: ScanReport
    /// How each corpus's local features were had: from its persistent index, or indexed from
    /// the ledger for this run (and why).
    public var indexStates: [(corpus: String, state: IndexState)] = []

    /// Whether any query was flagged.
    public var anyFlagged: Bool { report.summary.flagged > 0 }
    /// Whether any input failed.
    public var anyFailed: Bool { !report.errors.isEmpty }
}

/// A run whose inputs were queued for workers.
public struct QueuedRun: Sendable {
    /// The run id to give the workers.
    public var runID: String
    /// Inputs queued.
    public var queued: Int
    /// Paths that could not be read at all, recorded as errors of the run.
    public var unreadable: [FileErrorRecord]
}

/// Scans query images against reference corpora: fingerprints each query, finds and grades
/// candidates, records each query's finding in its own transaction, and writes the report.
/// Or queues the inputs for ``ScanWorker``s on other machines to share.
public struct ScanJob: Sendable {
    /// The ledger to read corpora from and record into.
    public let ledger: Ledger
    /// Decodes and fingerprints queries (and describes the pasted-looking parts of those that
    /// are not copies).
    public let analyzer: ImageAnalyzer
    /// Threads to use.
    public let jobs: Int

    /// Creates a scan job.
    public init(ledger: Ledger, analyzer: ImageAnalyzer = ImageAnalyzer(), jobs: Int = OrderedParallel.cores) {
        self.ledger = ledger
        self.analyzer = analyzer
        self.jobs = jobs
    }

    /// Scans every image under `paths`.
    public func run(paths: [String], options: ScanOptions, commandLine: String,
                    progress: (_ completed: Int, _ total: Int) -> Void = { _, _ in }) throws -> ScanOutcome {
        let matcher = try QueryMatcher(ledger: ledger, corpora: options.corpora, analyzer: analyzer, configuration: options.configuration,
                                       shards: options.shards)
        let runID = try startRun(options: options, commandLine: commandLine)
        let done = try ledger.processedPaths(inRun: runID)

        let (allFiles, unreadable) = InputWalker.expand(paths)
        for (path, error) in unreadable where !done.contains(path) { try recordFailure(path, error, runID) }
        let files = allFiles.filter { !done.contains($0) }

        let ledger = self.ledger
        var completed = 0
        progress(0, files.count)
        var firstError: (any Error)?
        OrderedParallel.run(files, jobs: jobs, work: { path in matcher.outcome(ofFileAt: path, top: options.top) }, emit: { i, result in
            completed += 1
            progress(completed, files.count)
            guard firstError == nil else { return }
            do {
                switch result {
                case let .matched(query, candidates):
                    try ledger.record(FindingDraft(runID: runID, queryPath: files[i], query: query.facts, candidates: candidates))
                case let .failed(error):
                    try recordFailure(files[i], error, runID)
                }
            } catch {
                firstError = error
            }
        })
        if let firstError { throw firstError }
        try ledger.finishRun(id: runID)
        guard options.writesReport else {
            return ScanOutcome(runID: runID, reportPath: nil, report: try ReportBuilder(ledger: ledger).report(runID: runID),
                               indexStates: matcher.indexStates)
        }
        let written = try ReportWriter(ledger: ledger, decode: analyzer.options.decode, jobs: jobs)
            .write(runID: runID, under: options.reportDirectory)
        return ScanOutcome(runID: runID, reportPath: written.jsonPath, report: written.report, indexStates: matcher.indexStates)
    }

    /// Starts a run whose inputs are queued for ``ScanWorker``s instead of scanned here.
    ///
    /// Inputs are expanded as a scan would and queued by absolute path: every worker must see
    /// the files at the same paths (shared storage mounted at the same place). Paths that
    /// cannot be read at all are recorded as errors of the run at once.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when a corpus does not exist;
    ///   ``ShardingError`` when the references cannot be split into `options.shards`.
    public func enqueue(paths: [String], options: ScanOptions, commandLine: String) throws -> QueuedRun {
        for name in options.corpora where try ledger.corpus(named: name) == nil {
            throw LedgerError.unknownCorpus(name)
        }
        try options.configuration.validate(shards: options.shards)
        let runID = try startRun(options: options, commandLine: commandLine)
        let (files, unreadable) = InputWalker.expand(paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path })
        let failures = try unreadable.map { path, error in try recordFailure(path, error, runID) }
        let queued = try ledger.enqueue(paths: files, runID: runID, top: options.top, shards: options.shards)
        return QueuedRun(runID: runID, queued: queued, unreadable: failures)
    }

    private func startRun(options: ScanOptions, commandLine: String) throws -> String {
        if let resume = options.resumeRunID {
            _ = try ledger.run(id: resume)
            return resume
        }
        let runID = RunIdentifier.make()
        try ledger.begin(RunRecord(
            id: runID, command: options.command, commandLine: commandLine, toolVersion: PalimpsestVersion.current,
            startedAt: Ledger.timestamp(), thresholds: try JSONCoding.string(options.configuration),
            algorithms: try analyzer.algorithmsJSON(),
            corpora: try JSONCoding.string(options.corpora)))
        return runID
    }

    @discardableResult
    private func recordFailure(_ path: String, _ error: DecodeError, _ runID: String) throws -> FileErrorRecord {
        let record = FileErrorRecord(runID: runID, path: path, error: error)
        try ledger.record(record)
        return record
    }
}
