import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

extension CorpusCommand {
    /// `palimpsest corpus import-hashes`.
    struct ImportHashes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-hashes",
            abstract: "Add a list of PDQ hashes to a corpus as hash-only references.",
            discussion: """
                Reads python-threatexchange's format (`pdq <64 hex digits>` per line, or a bare hash) \
                or Meta's PDQ CSV (`hash,quality,path`, with or without a header; the output of \
                `palimpsest hash`). The first line that is not blank decides the format. Each distinct \
                hash becomes a reference known only by its PDQ hash: scans match it by PDQ alone, and \
                reports say that no picture was available. Its label is the CSV's path, or FILE:LINE.

                A malformed line is reported on standard error with its number and reason, and the other \
                lines are imported; with --strict nothing is imported when any line is malformed. \
                Importing a list again adds nothing new.

                Example:
                  palimpsest hash ~/flagged-images > flagged.csv
                  palimpsest corpus import-hashes flagged flagged.csv
                  palimpsest corpus import-hashes ncmec ncmec-pdq.txt --kind registry

                Exit status: 0 every line imported, 2 some lines malformed (with --strict: nothing \
                imported), 1 usage error or unreadable file.
                """
        )

        @Argument(help: ArgumentHelp("The corpus name.", valueName: "name"))
        var name: String

        @Argument(help: ArgumentHelp("The hash list, or - for standard input.", valueName: "file"))
        var file: String

        @Option(help: ArgumentHelp(
            "The kind of a new corpus: training, i2i-source, artist or registry (default: registry).", valueName: "kind"))
        var kind: CorpusKind?

        @Flag(help: "Import nothing when any line is malformed.")
        var strict = false

        @OptionGroup var ledgerOptions: LedgerOptions

        func run() throws {
            let ledger = try ledgerOptions.open()
            let source = file == "-" ? "stdin" : file
            let list = HashListParser(source: source).parse(try HashListExchange.read(file))
            for problem in list.problems {
                FileHandle.standardError.write(Data("palimpsest: \(source):\(problem.line): \(problem.reason)\n".utf8))
            }
            let summary: HashImportSummary
            do {
                summary = try HashListExchange(ledger: ledger).importList(
                    list, source: source, into: name, kind: kind, strict: strict, commandLine: typedCommandLine)
            } catch let refusal as HashListError {
                // --strict refused the list (its malformed lines are listed above): exit 2, not 1.
                FileHandle.standardError.write(Data("palimpsest: \(refusal.message)\n".utf8))
                throw ExitCode(2)
            }
            let format = summary.format.map { " (\($0.rawValue))" } ?? ""
            print("\(name): \(summary.added) added, \(summary.alreadyPresent) already present, "
                  + "\(summary.problems.count) malformed\(format) (run \(summary.runID))")
            if !summary.problems.isEmpty { throw ExitCode(2) }
        }
    }
}
