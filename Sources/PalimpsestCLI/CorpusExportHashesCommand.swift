import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

extension CorpusCommand {
    /// `palimpsest corpus export-hashes`.
    struct ExportHashes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-hashes",
            abstract: "Write the PDQ hashes of a corpus as a hash list.",
            discussion: """
                Every member with a PDQ hash is written, image files and hash-only references alike, \
                ordered by hash and then path, so that two exports can be compared with diff. The \
                threatexchange format (`pdq <hex>` per line) lists each distinct hash once; the csv \
                format (`hash,quality,path`) keeps qualities and paths, so a corpus exported as CSV and \
                imported again is the same corpus.

                Example:
                  palimpsest corpus export-hashes flagged > flagged.txt
                  palimpsest corpus export-hashes paintings --format csv --output paintings.csv
                """
        )

        @Argument(help: ArgumentHelp("The corpus name.", valueName: "name"))
        var name: String

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("threatexchange (`pdq <hex>`) or csv (`hash,quality,path`).", valueName: "format"))
        var format: HashListFormat = .threatexchange

        @OptionGroup var ledgerOptions: LedgerOptions

        func run() throws {
            let text = try HashListExchange(ledger: try ledgerOptions.open()).export(corpus: name, format: format)
            guard let output else {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw HashListError.unwritable(path: output, reason: (error as NSError).localizedDescription)
            }
            let lines = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            print("\(name): \(lines) hashes written to \(output) (\(format.rawValue))")
        }
    }
}

extension HashListFormat: ExpressibleByArgument {}
