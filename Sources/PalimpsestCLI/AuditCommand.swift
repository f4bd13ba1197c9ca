import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest audit`: measure memorization.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Measure how much a model's outputs copy its training data.",
        discussion: """
            Scans OUTPUTS (images a model generated) against the model's training corpora and \
            reports the memorization rate (outputs whose best training match is exact, \
            near-duplicate or derivative), the distribution of best-match scores next to the \
            same distribution for training images against the rest of the training data, and \
            clusters of near-identical outputs. With --prompts (a CSV of file name, prompt, and \
            optionally seed and model) it also reports per prompt.

            An audit flags pairs from a score of 0.05, not a scan's 0.5: a rate needs the copies \
            it misses and the unrelated outputs it counts to balance, where a scan needs few \
            false accusations. --flag-score 0.5 lists only what a scan would flag.

            Exit status: 0 nothing memorized, 3 something memorized, 2 some inputs failed and \
            nothing memorized, 1 usage error.
            """
    )

    @Argument(help: ArgumentHelp("Generated images, files or folders.", valueName: "outputs"))
    var paths: [String]

    @Option(help: ArgumentHelp("The training corpora, comma-separated.", valueName: "name[,name...]"))
    var training: String

    @Option(help: ArgumentHelp("A CSV of file name, prompt[, seed, model].", valueName: "file.csv"))
    var prompts: String?

    @Option(help: ArgumentHelp("Where run folders with reports are written.", valueName: "dir"))
    var reportDir = "Reports"

    @Option(help: ArgumentHelp("The score from which a pair counts as memorized (0…1; default 0.05).", valueName: "score"))
    var flagScore: Double?

    @Option(help: ArgumentHelp("Training images sampled for the train-against-train background.", valueName: "n"))
    var backgroundSample = 200

    @OptionGroup var matching: MatchingConfigurationOptions
    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var decoding: DecodingOptions

    var corpora: [String] { training.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    func validate() throws {
        if corpora.isEmpty { throw ValidationError("--training needs at least one corpus name.") }
        if backgroundSample < 0 { throw ValidationError("--background-sample cannot be negative.") }
        if let flagScore, !(0 ... 1).contains(flagScore) { throw ValidationError("--flag-score must be between 0 and 1.") }
    }

    func run() throws {
        var options = AuditOptions(training: corpora)
        options.reportDirectory = reportDir
        options.backgroundSample = backgroundSample
        options.configuration = try matching.configuration(standard: options.configuration)
        if let flagScore { options.thresholds.flagScore = flagScore }
        if let prompts { options.prompts = try PromptTable(contentsOf: prompts) }
        let job = AuditJob(ledger: try ledgerOptions.open(), analyzer: decoding.analyzer(), jobs: decoding.threadCount)
        let outcome = try job.run(paths: paths, options: options, commandLine: typedCommandLine)
        for error in outcome.report.errors {
            FileHandle.standardError.write(Data("palimpsest: \(error.path): \(error.message)\n".utf8))
        }
        if let audit = outcome.report.audit {
            print(String(format: "%d outputs, %d memorized (%.1f%%), %d clusters of near-identical outputs (largest %d)",
                         audit.outputs, audit.memorized, audit.memorizationRate * 100, audit.clusters.count,
                         audit.clusters.first?.size ?? 0))
            print(String(format: "best-match score: outputs mean %.3f, p95 %.3f; training background mean %.3f, p95 %.3f",
                         audit.outputScores.mean, audit.outputScores.p95, audit.trainingBackground.mean, audit.trainingBackground.p95))
        }
        print("report: \(outcome.reportPath)")
        if (outcome.report.audit?.memorized ?? 0) > 0 { throw ExitCode(3) }
        if !outcome.report.errors.isEmpty { throw ExitCode(2) }
    }
}
