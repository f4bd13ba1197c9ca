import Foundation
import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch

/// How a worker takes its share of a queue.
public struct WorkerOptions: Sendable {
    /// Inputs claimed at a time: enough to keep every thread busy, few enough that workers
    /// share the queue evenly.
    public var batchSize: Int
    /// Seconds a claim lasts; an input not recorded by then may be taken over by another
    /// worker. Keep it well above the time a batch takes.
    public var lease: TimeInterval = 600
    /// Where the worker that finishes the run writes `<run-id>/report.json` and `report.html`.
    public var reportDirectory = "Reports"
    /// The name the worker's claims are recorded under.
    public var workerID = ScanWorker.defaultWorkerID

    /// Options claiming `batchSize` inputs at a time.
    public init(batchSize: Int) { self.batchSize = batchSize }
}

/// What one worker did.
public struct WorkerOutcome: Sendable {
    /// The run.
    public var runID: String
    /// Inputs this worker recorded.
    public var recorded = 0
    /// Inputs this worker scanned after its lease ran out and another worker took them over,
    /// so that it recorded nothing for them.
    public var takenOver = 0
    /// The queue as the worker left it.
    public var progress = QueueProgress(total: 0, done: 0, claimed: 0)
    /// The report, when this worker finished the run and wrote it.
    public var report: WrittenReport?
}

/// Works through a run's queue with the settings ``ScanJob/enqueue(paths:options:commandLine:)``
/// recorded: claims a batch of inputs, scans them on every thread, records each input's
/// finding together with its done mark, and claims again until no input is left that no other
/// worker holds. The worker that records the run's completion writes the report.
///
/// Many workers, on one machine or many, can work on one run at once; they share a ledger
/// (PostgreSQL, or a SQLite file on one machine) and see the inputs at the same paths.
public struct ScanWorker: Sendable {
    /// The ledger holding the queue.
    public let ledger: Ledger
    /// Decodes and fingerprints queries (and describes the pasted-looking parts of those that
    /// are not copies, as a scan does).
    public let analyzer: ImageAnalyzer
    /// Threads to use.
    public let jobs: Int

    /// `host pid N`, plus a random suffix so that a reused process id is a new worker.
    public static let defaultWorkerID =
        "\(ProcessInfo.processInfo.hostName) pid \(ProcessInfo.processInfo.processIdentifier) \(UUID().uuidString.prefix(8).lowercased())"

    /// Creates a worker.
    public init(ledger: Ledger, analyzer: ImageAnalyzer = ImageAnalyzer(), jobs: Int = OrderedParallel.cores) {
        self.ledger = ledger
        self.analyzer = analyzer
        self.jobs = jobs
    }

    /// Takes a share of run `runID`'s queue until nothing is left to claim.
    ///
    /// - Throws: ``LedgerError/noQueue(runID:)`` when the run has no queue,
    ///   ``WorkerError/versionMismatch(runID:recorded:current:)`` when the run was queued by
    ///   another version of Palimpsest, and any ledger error.
    public func run(runID: String, options: WorkerOptions) throws -> WorkerOutcome {
        let run = try ledger.run(id: runID)
        let top = try ledger.queuedTop(runID: runID)
        let algorithms = try analyzer.algorithmsJSON()
        guard run.toolVersion == PalimpsestVersion.current, run.algorithms == algorithms else {
            throw WorkerError.versionMismatch(runID: runID, recorded: run.toolVersion, current: PalimpsestVersion.current)
        }
        let corpora = try JSONCoding.decoder.decode([String].self, from: Data((run.corpora ?? "[]").utf8))
        let configuration = run.thresholds.flatMap(MatchingConfiguration.recorded) ?? MatchingConfiguration()
        let matcher = try QueryMatcher(ledger: ledger, corpora: corpora, analyzer: analyzer, configuration: configuration)

        var outcome = WorkerOutcome(runID: runID)
        while true {
            let claims = try ledger.claim(runID: runID, worker: options.workerID, limit: options.batchSize, lease: options.lease)
            if claims.isEmpty { break }
            try record(claims, matcher: matcher, top: top, into: &outcome)
        }
        if try ledger.finishQueuedRun(runID: runID) {
            outcome.report = try ReportWriter(ledger: ledger, decode: analyzer.options.decode, jobs: jobs)
                .write(runID: runID, under: options.reportDirectory)
        }
        outcome.progress = try ledger.queueProgress(runID: runID)
        return outcome
    }

    /// Scans a batch of claimed inputs through `matcher`, as `scan` does, and records each as it
    /// completes, in claim order.
    private func record(_ claims: [QueueClaim], matcher: QueryMatcher, top: Int, into outcome: inout WorkerOutcome) throws {
        let ledger = self.ledger
        var firstError: (any Error)?
        var completions: [QueueCompletion] = []
        OrderedParallel.run(claims, jobs: jobs, work: { claim in matcher.outcome(ofFileAt: claim.path, top: top) }, emit: { i, result in
            guard firstError == nil else { return }
            let claim = claims[i]
            do {
                switch result {
                case let .matched(query, candidates):
                    completions.append(try ledger.complete(claim, finding: FindingDraft(
                        runID: claim.runID, queryPath: claim.path, query: query.facts, candidates: candidates)))
                case let .failed(error):
                    completions.append(try ledger.complete(claim, error: FileErrorRecord(runID: claim.runID, path: claim.path, error: error)))
                }
            } catch {
                firstError = error
            }
        })
        outcome.recorded += completions.filter { $0 == .recorded }.count
        outcome.takenOver += completions.filter { $0 == .takenOver }.count
        if let firstError { throw firstError }
    }
}

/// A failure of a queue worker.
public enum WorkerError: PalimpsestError, Equatable {
    /// The run was queued by another version of Palimpsest, whose results would not be comparable.
    case versionMismatch(runID: String, recorded: String, current: String)

    public var kind: String {
        switch self {
        case .versionMismatch: "worker-version"
        }
    }

    public var message: String {
        switch self {
        case let .versionMismatch(runID, recorded, current):
            "The run \(runID) was queued by Palimpsest \(recorded) with other algorithms than this Palimpsest \(current). "
                + "Run its workers with the version that queued it, so that every input is graded the same way."
        }
    }
}
