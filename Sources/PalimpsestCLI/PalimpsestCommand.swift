import ArgumentParser
import Palimpsest

/// The `palimpsest` command.
@main
struct PalimpsestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palimpsest",
        abstract: "Audit AI-generated images for copies of training data, artists' work and flagged images.",
        discussion: """
            Register reference corpora with `corpus add`, then `scan` generated images against them: \
            every match is graded (exact, near-duplicate, derivative, partial, none) with a calibrated \
            score, recorded in a SQLite ledger, and written to a JSON report.

            Example:
              palimpsest corpus add paintings --kind artist ~/art
              palimpsest scan outputs/ --against paintings
            """,
        version: PalimpsestVersion.current,
        subcommands: [HashCommand.self, CorpusCommand.self, ScanCommand.self]
    )
}
