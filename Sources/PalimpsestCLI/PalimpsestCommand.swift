import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// The `palimpsest` command.
@main
struct PalimpsestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "palimpsest",
        abstract: "Audit AI-generated images for copies of training data, artists' work and flagged images.",
        discussion: """
            Register reference corpora with `corpus add`, then `scan` generated images against them: \
            every match is graded (exact, near-duplicate, derivative, partial, none) with a calibrated \
            score, recorded in a tamper-evident ledger (a SQLite file, or a PostgreSQL database that \
            workers on many machines share), and written to a JSON report and an HTML page. `serve` \
            answers the same checks one image at a time over HTTP. `evidence` packs one finding for \
            someone else; `ledger verify` proves the ledger and reports were not altered.

            Example:
              palimpsest corpus add paintings --kind artist ~/art
              palimpsest scan outputs/ --against paintings
            """,
        version: PalimpsestVersion.current,
        subcommands: [HashCommand.self, InspectCommand.self, CorpusCommand.self, ScanCommand.self, AuditCommand.self,
                      ReportCommand.self, LedgerCommand.self, EvidenceCommand.self, ServeCommand.self, ConfigCommand.self]
    )

    /// Runs the command, keeping freed memory for the next image (``MemoryRetention``); usage
    /// errors exit with status 1 (ArgumentParser's default is 64).
    static func main() async {
        MemoryRetention.keepFreedMemory()
        do {
            var command = try parseAsRoot()
            if var service = command as? any AsyncParsableCommand {
                try await service.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(1)
            }
            if let failure = error as? any PalimpsestError {
                FileHandle.standardError.write(Data("palimpsest: \(failure.message)\n".utf8))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}
