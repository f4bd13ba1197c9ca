import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest scan`: the main job, run here or shared between workers through a queue.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan images against reference corpora and grade every match.",
        discussion: """
            Fingerprints every query image, retrieves candidates by PDQ (with rotations and flips), \
            pHash and the layout embedding, fuses them into a calibrated score in [0, 1] and grades \
            each: exact, near-duplicate, derivative, partial or none. Each query's result is \
            committed to the ledger as it completes; the reports go to DIR/<run-id>/report.json and \
            report.html (with the pictures of every flagged finding under images/).

            To share a scan between machines, keep the ledger in PostgreSQL and the images on \
            storage every machine mounts at the same path: `--enqueue` records the run and queues \
            its inputs, printing the run id; then start `scan --worker --run ID` on as many \
            machines as you like. Each worker claims a few inputs at a time, records each one \
            exactly once, and stops when nothing is left to claim; the one that records the last \
            input writes the report (or write it with `palimpsest report ID`).

            Exit status: 0 nothing flagged, 3 something flagged, 2 some inputs failed and nothing \
            flagged, 1 usage error. --enqueue and --worker exit 0 when their part is done.

            Example:
              palimpsest scan /shared/outputs --against paintings --ledger postgres://scan@db/ledger --enqueue
              palimpsest scan --worker --run 20261121T093000Z-3fa9c1 --ledger postgres://scan@db/ledger
            """
    )

    @Argument(help: ArgumentHelp("Query image files or folders (not with --worker).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Corpora to scan against, comma-separated (not with --worker).", valueName: "name[,name...]"))
    var against: String?

    @Option(help: ArgumentHelp("Where run folders with reports are written.", valueName: "dir"))
    var reportDir = "Reports"

    @Option(help: ArgumentHelp("Candidates kept per query (default: 5).", valueName: "k"))
    var top: Int?

    @Option(help: ArgumentHelp("Continue an interrupted run, skipping queries it already recorded.", valueName: "run-id"))
    var resume: String?

    @Option(help: ArgumentHelp("Override the score at which a pair is flagged (0…1).", valueName: "score"))
    var flagScore: Double?

    @Option(help: ArgumentHelp("Override the PDQ distance for near-duplicates (of 256).", valueName: "bits"))
    var pdqThreshold: Int?

    @OptionGroup var matching: MatchingConfigurationOptions

    @Flag(help: "Record the run and queue its inputs for workers instead of scanning them; prints the run id.")
    var enqueue = false

    @Flag(help: "Work through the queue of the run given by --run, with the settings it was queued with, until nothing is left to claim.")
    var worker = false

    @Option(name: .customLong("run"), help: ArgumentHelp("The run whose queue a worker works through.", valueName: "run-id"))
    var queuedRun: String?

    @Option(help: ArgumentHelp("Inputs a worker claims at a time (default: twice the threads).", valueName: "n"))
    var batch: Int?

    @Option(help: ArgumentHelp("Seconds a worker's claim lasts before another worker may take the input over (default: 600).",
                               valueName: "seconds"))
    var lease: Double?

    @Option(help: ArgumentHelp("Split the references into this many shards: with --enqueue, each worker holds one shard at a time "
                               + "and the shards' proposals are merged into the findings one machine would give (default: 1).",
                               valueName: "n"))
    var shards: Int?

    @Option(help: ArgumentHelp("In a sharded run, the one shard (1 to n) whose parts this worker does, then merges "
                               + "(default: the shards with the most parts waiting, one at a time).", valueName: "k"))
    var shard: Int?

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var decoding: DecodingOptions

    var corpora: [String] { commaSeparatedNames(against ?? "") }

    func validate() throws {
        if worker {
            guard queuedRun != nil else { throw ValidationError("--worker needs --run RUN-ID, as printed by `scan --enqueue`.") }
            guard paths.isEmpty, against == nil, top == nil, !enqueue, resume == nil, flagScore == nil, pdqThreshold == nil,
                  matching.file == nil, shards == nil else {
                throw ValidationError("A worker takes its inputs and settings from the queued run: give it only --run and the ledger, decoding and worker options.")
            }
            if let batch, batch < 1 { throw ValidationError("--batch must be at least 1.") }
            if let lease, lease <= 0 { throw ValidationError("--lease must be positive.") }
            if let shard, shard < 1 { throw ValidationError("--shard counts from 1.") }
            return
        }
        if queuedRun != nil || batch != nil || lease != nil || shard != nil {
            throw ValidationError("--run, --batch, --lease and --shard go with --worker.")
        }
        if let shards, shards < 1 { throw ValidationError("--shards must be at least 1.") }
        if paths.isEmpty { throw ValidationError("Name at least one image file or folder to scan.") }
        if corpora.isEmpty { throw ValidationError("--against needs at least one corpus name.") }
        if enqueue, resume != nil { throw ValidationError("--enqueue starts a new run; workers resume a queued run by themselves.") }
        if let top, top < 1 { throw ValidationError("--top must be at least 1.") }
        if let flagScore, !(0 ... 1).contains(flagScore) { throw ValidationError("--flag-score must be between 0 and 1.") }
        if let pdqThreshold, !(0 ... 256).contains(pdqThreshold) { throw ValidationError("--pdq-threshold must be between 0 and 256.") }
    }

    func run() throws {
        let ledger = try ledgerOptions.open()
        if worker { return try work(ledger: ledger) }
        var options = ScanOptions(corpora: corpora)
        options.top = top ?? options.top
        options.reportDirectory = reportDir
        options.resumeRunID = resume
        options.shards = shards ?? options.shards
        options.configuration = try matching.configuration(standard: options.configuration)
        if let flagScore { options.thresholds.flagScore = flagScore }
        if let pdqThreshold { options.thresholds.pdqNearDuplicate = pdqThreshold }
        let job = ScanJob(ledger: ledger, analyzer: decoding.analyzer(), jobs: decoding.threadCount)
        if enqueue { return try queue(job, options: options, ledger: ledger) }
        let outcome = try job.run(paths: paths, options: options, commandLine: typedCommandLine,
                                  progress: ProgressBar(label: "scanning").show)
        for error in outcome.report.errors {
            FileHandle.standardError.write(Data("palimpsest: \(error.path): \(error.message)\n".utf8))
        }
        for (corpus, state) in outcome.indexStates {
            guard case .stale = state else { continue }
            let message = "palimpsest: corpus \(corpus): index \(state); it was indexed from the ledger for this scan, "
                + "and `palimpsest corpus reindex \(corpus)` rewrites it\n"
            FileHandle.standardError.write(Data(message.utf8))
        }
        print(ScanSummary(outcome.report).text)
        if let path = outcome.reportPath {
            print("report: \(path)")
            print("page: \((path as NSString).deletingLastPathComponent)/report.html")
        }
        if outcome.anyFlagged { throw ExitCode(3) }
        if outcome.anyFailed { throw ExitCode(2) }
    }

    /// `--enqueue`: records the run and queues its inputs.
    private func queue(_ job: ScanJob, options: ScanOptions, ledger: Ledger) throws {
        let queued = try job.enqueue(paths: paths, options: options, commandLine: typedCommandLine)
        for error in queued.unreadable {
            FileHandle.standardError.write(Data("palimpsest: \(error.path): \(error.message)\n".utf8))
        }
        print("run: \(queued.runID)")
        print("queued: \(queued.queued) inputs" + (options.shards > 1 ? " × \(options.shards) shards" : ""))
        print("start workers with: palimpsest scan --worker --run \(queued.runID) --ledger '\(ledger.location)'")
    }

    /// `--worker`: takes a share of a queued run.
    private func work(ledger: Ledger) throws {
        guard let run = queuedRun else { return }
        var options = WorkerOptions(batchSize: batch ?? 2 * decoding.threadCount)
        options.lease = lease ?? options.lease
        options.shard = shard.map { $0 - 1 }
        options.reportDirectory = reportDir
        let outcome = try ScanWorker(ledger: ledger, analyzer: decoding.analyzer(), jobs: decoding.threadCount)
            .run(runID: run, options: options)
        let progress = outcome.progress
        if outcome.proposed > 0 { print("worker \(options.workerID): proposed candidates for \(outcome.proposed) parts (input × shard)") }
        print("worker \(options.workerID): recorded \(outcome.recorded) inputs"
            + (outcome.takenOver > 0 ? " (\(outcome.takenOver) more were taken over by other workers)" : ""))
        print("queue: \(progress.done) of \(progress.total) done, \(progress.claimed) claimed by other workers, \(progress.waiting) waiting")
        guard let written = outcome.report else {
            if progress.claimed + progress.waiting > 0 {
                print("the worker that records the last input writes the report; `palimpsest report \(run)` writes it at any time")
            }
            return
        }
        print(ScanSummary(written.report).text)
        print("report: \(written.jsonPath)")
        print("page: \(written.htmlPath)")
    }
}

/// The short table printed after a scan: query, best match, grade, score.
struct ScanSummary {
    let text: String

    init(_ report: ScanReport) {
        let rows = report.findings.map { finding -> [String] in
            let best = finding.matches.first
            return [(finding.query.path as NSString).lastPathComponent,
                    best.map { ($0.reference.path as NSString).lastPathComponent } ?? "-",
                    finding.grade, String(format: "%.3f", finding.score)]
        }
        let counts = report.summary
        text = table(header: ["QUERY", "BEST MATCH", "GRADE", "SCORE"], rows: rows)
            + "\n\(counts.queries) queries, \(counts.flagged) flagged, \(counts.errors) failed"
    }
}
