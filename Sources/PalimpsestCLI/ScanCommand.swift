import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest scan`: the main job.
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

            Exit status: 0 nothing flagged, 3 something flagged, 2 some inputs failed and nothing \
            flagged, 1 usage error.
            """
    )

    @Argument(help: ArgumentHelp("Query image files or folders.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("Corpora to scan against, comma-separated.", valueName: "name[,name...]"))
    var against: String

    @Option(help: ArgumentHelp("Where run folders with reports are written.", valueName: "dir"))
    var reportDir = "Reports"

    @Option(help: ArgumentHelp("Candidates kept per query.", valueName: "k"))
    var top = 5

    @Option(help: ArgumentHelp("Continue an interrupted run, skipping queries it already recorded.", valueName: "run-id"))
    var resume: String?

    @Option(help: ArgumentHelp("Override the score at which a pair is flagged (0…1).", valueName: "score"))
    var flagScore: Double?

    @Option(help: ArgumentHelp("Override the PDQ distance for near-duplicates (of 256).", valueName: "bits"))
    var pdqThreshold: Int?

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var decoding: DecodingOptions

    var corpora: [String] { commaSeparatedNames(against) }

    func validate() throws {
        if corpora.isEmpty { throw ValidationError("--against needs at least one corpus name.") }
        if top < 1 { throw ValidationError("--top must be at least 1.") }
        if let flagScore, !(0 ... 1).contains(flagScore) { throw ValidationError("--flag-score must be between 0 and 1.") }
        if let pdqThreshold, !(0 ... 256).contains(pdqThreshold) { throw ValidationError("--pdq-threshold must be between 0 and 256.") }
    }

    func run() throws {
        let ledger = try ledgerOptions.open()
        var options = ScanOptions(corpora: corpora)
        options.top = top
        options.reportDirectory = reportDir
        options.resumeRunID = resume
        if let flagScore { options.thresholds.flagScore = flagScore }
        if let pdqThreshold { options.thresholds.pdqNearDuplicate = pdqThreshold }
        let job = ScanJob(ledger: ledger, analyzer: decoding.analyzer(), jobs: decoding.threadCount)
        let outcome = try job.run(paths: paths, options: options, commandLine: typedCommandLine)
        for error in outcome.report.errors {
            FileHandle.standardError.write(Data("palimpsest: \(error.path): \(error.message)\n".utf8))
        }
        print(ScanSummary(outcome.report).text)
        if let path = outcome.reportPath {
            print("report: \(path)")
            print("page: \((path as NSString).deletingLastPathComponent)/report.html")
        }
        if outcome.anyFlagged { throw ExitCode(3) }
        if outcome.anyFailed { throw ExitCode(2) }
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
