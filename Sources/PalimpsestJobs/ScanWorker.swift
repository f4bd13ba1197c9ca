import Foundation
import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestDecode

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
    /// In a sharded run, the one shard (from 0) whose parts this worker does, for a machine
    /// with memory for that shard only; `nil` to take the shards with the most parts waiting,
    /// one at a time.
    public var shard: Int?

    /// Options claiming `batchSize` inputs at a time.
    public init(batchSize: Int) { self.batchSize = batchSize }
}

/// What one worker did.
public struct WorkerOutcome: Sendable {
    /// The run.
    public var runID: String
    /// Inputs this worker recorded.
    public var recorded = 0
    /// Parts of a sharded run this worker did (each what one shard proposes for one input).
    public var proposed = 0
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
///
/// In a run whose references are split into shards, a worker first does parts: it loads one
/// shard at a time (the one with the most parts waiting, or ``WorkerOptions/shard``) and records
/// what that shard proposes for each input it claims (``ShardProposal``); it then drops the
/// shard and merges the inputs whose every part is done into their findings
/// (``ProposalMerger``), as a scan of one machine would find them.
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
        let shards = try ledger.queuedShards(runID: runID)

        var outcome = WorkerOutcome(runID: runID)
        let matcher: QueryMatcher?, merger: ProposalMerger?
        if shards > 1 {
            if let shard = options.shard, !(0 ..< shards).contains(shard) { throw ShardingError.noSuchShard(index: shard, count: shards) }
            try proposeParts(runID: runID, shards: shards, corpora: corpora, configuration: configuration, top: top,
                             options: options, into: &outcome)
            (matcher, merger) = (nil, try ProposalMerger(ledger: ledger, configuration: configuration, analyzer: analyzer))
        } else {
            (matcher, merger) = (try QueryMatcher(ledger: ledger, corpora: corpora, analyzer: analyzer, configuration: configuration), nil)
        }
        while true {
            let claims = try ledger.claim(runID: runID, worker: options.workerID, limit: options.batchSize, lease: options.lease)
            if claims.isEmpty { break }
            if let merger {
                // Read here, so that a ledger that cannot be read stops the worker instead of
                // passing for its inputs' fault.
                let recorded = try Dictionary(uniqueKeysWithValues: claims.map { ($0.itemID, try ledger.proposals(ofItem: $0.itemID)) })
                let analyzer = self.analyzer
                try record(claims, scan: { claim in
                    Self.merged(claim, proposals: recorded[claim.itemID] ?? [], merger: merger, analyzer: analyzer, top: top)
                }, into: &outcome)
            } else if let matcher {
                try record(claims, scan: { claim in matcher.outcome(ofFileAt: claim.path, top: top) }, into: &outcome)
            }
        }
        if try ledger.finishQueuedRun(runID: runID) {
            outcome.report = try ReportWriter(ledger: ledger, decode: analyzer.options.decode, jobs: jobs)
                .write(runID: runID, under: options.reportDirectory)
        }
        outcome.progress = try ledger.queueProgress(runID: runID)
        return outcome
    }

    /// Does the parts of a sharded run this worker may take, a shard at a time: loads the
    /// shard, claims its parts a batch at a time, records what it proposes for each input, and
    /// drops it before the next.
    private func proposeParts(runID: String, shards: Int, corpora: [String], configuration: MatchingConfiguration, top: Int,
                              options: WorkerOptions, into outcome: inout WorkerOutcome) throws {
        while true {
            let waiting = try ledger.waitingParts(runID: runID).filter { $0.value > 0 && (options.shard == nil || $0.key == options.shard) }
            guard let shard = waiting.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) })?.key else { return }
            let set = try ReferenceSet(ledger: ledger, corpora: corpora, embedder: analyzer.fingerprinter.embedder,
                                       listing: configuration.retrieval.localFeatures.listing,
                                       part: ShardPart(index: shard, count: shards))
            let proposer = try ShardProposer(ledger: ledger, references: set, configuration: configuration, analyzer: analyzer)
            while true {
                let claims = try ledger.claimParts(runID: runID, shard: shard, worker: options.workerID, limit: options.batchSize,
                                                   lease: options.lease)
                if claims.isEmpty { break }
                let ledger = self.ledger, analyzer = self.analyzer
                var firstError: (any Error)?
                OrderedParallel.run(claims, jobs: jobs, work: { claim -> String in
                    // An input no shard can read is recorded as its file error when merged.
                    let proposal = (try? analyzer.analyze(path: claim.path)).map { proposer.shardProposal(for: $0, top: top) }
                    return (try? JSONCoding.string(proposal)) ?? "null"
                }, emit: { i, json in
                    guard firstError == nil else { return }
                    do {
                        if try ledger.complete(claims[i], proposal: json) == .recorded { outcome.proposed += 1 }
                    } catch {
                        firstError = error
                    }
                })
                if let firstError { throw firstError }
            }
        }
    }

    /// An input of a sharded run merged from every shard's part: analyzed again (for its pixels,
    /// to verify candidates) and matched from the parts' proposals.
    ///
    /// - Parameter proposals: the JSON every shard recorded for the input, in shard order.
    private static func merged(_ claim: QueueClaim, proposals recorded: [String?], merger: ProposalMerger, analyzer: ImageAnalyzer,
                               top: Int) -> QueryOutcome {
        do throws(DecodeError) {
            let query = try analyzer.analyze(path: claim.path)
            guard let proposals = try? recorded.map({ try JSONCoding.decoder.decode(ShardProposal?.self, from: Data(($0 ?? "null").utf8)) }),
                  !proposals.isEmpty, proposals.allSatisfy({ $0 != nil })
            else {
                throw .unreadable(path: claim.path, reason: "a shard could not read it when it proposed candidates, or its proposal is lost")
            }
            return .matched(query, merger.match(query, proposals: proposals.compactMap { $0 }, top: top).candidates)
        } catch {
            return .failed(error)
        }
    }

    /// Scans a batch of claimed inputs with `scan`, as `scan` does, and records each as it
    /// completes, in claim order.
    private func record(_ claims: [QueueClaim], scan: @Sendable (QueueClaim) -> QueryOutcome, into outcome: inout WorkerOutcome) throws {
        let ledger = self.ledger
        var firstError: (any Error)?
        var completions: [QueueCompletion] = []
        OrderedParallel.run(claims, jobs: jobs, work: scan, emit: { i, result in
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
