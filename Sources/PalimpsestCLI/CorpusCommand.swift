import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest corpus`: manage reference corpora.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Register, list and remove reference corpora; exchange their PDQ hashes as hash lists.",
        subcommands: [Add.self, ImportHashes.self, ExportHashes.self, List.self, Remove.self]
    )

    /// `palimpsest corpus add`.
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add images to a corpus, creating it if needed.",
            discussion: """
                Walks files and folders recursively and fingerprints every image in parallel. Images \
                are identified by the SHA-256 of their bytes: re-running the command adds only what is \
                new. Unreadable or corrupt files are recorded in the ledger and reported; the rest go on.
                """
        )

        @Argument(help: ArgumentHelp("The corpus name.", valueName: "name"))
        var name: String

        @Option(help: ArgumentHelp("What the corpus holds: training, i2i-source, artist or registry.", valueName: "kind"))
        var kind: CorpusKind

        @OptionGroup var ledgerOptions: LedgerOptions
        @OptionGroup var decoding: DecodingOptions

        @Argument(help: ArgumentHelp("Image files or folders.", valueName: "path"))
        var paths: [String]

        func run() throws {
            let ledger = try ledgerOptions.open()
            let ingest = CorpusIngest(ledger: ledger, analyzer: decoding.analyzer(), jobs: decoding.threadCount)
            let summary = try ingest.add(corpus: name, kind: kind, paths: paths, commandLine: typedCommandLine,
                                         progress: ProgressBar(label: "adding to \(name)").show)
            for failure in summary.failures {
                FileHandle.standardError.write(Data("palimpsest: \(failure.path): \(failure.message)\n".utf8))
            }
            print("\(name): \(summary.added) added, \(summary.alreadyPresent) already present, \(summary.failures.count) failed (run \(summary.runID))")
            if !summary.failures.isEmpty { throw ExitCode(2) }
        }
    }

    /// `palimpsest corpus list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List corpora with their kind, image count and size.")

        @OptionGroup var ledgerOptions: LedgerOptions

        func run() throws {
            let summaries = try ledgerOptions.open().corpusSummaries()
            guard !summaries.isEmpty else {
                print("No corpora yet. Add one with `palimpsest corpus add NAME --kind KIND PATH...`.")
                return
            }
            let rows = summaries.map { [$0.name, $0.kind.rawValue, String($0.imageCount), byteCount($0.totalBytes)] }
            print(table(header: ["NAME", "KIND", "IMAGES", "SIZE"], rows: rows))
        }
    }

    /// `palimpsest corpus remove`.
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a corpus.",
            discussion: "Its images stay in the ledger, since past findings refer to them."
        )

        @Argument(help: ArgumentHelp("The corpus name.", valueName: "name"))
        var name: String

        @OptionGroup var ledgerOptions: LedgerOptions

        func run() throws {
            try ledgerOptions.open().removeCorpus(named: name)
            print("Removed corpus \(name).")
        }
    }
}

extension CorpusKind: ExpressibleByArgument {}

/// A byte count for people: `1.2 MB`.
func byteCount(_ bytes: Int64) -> String {
    ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file)
}

/// Left-aligned columns separated by two spaces.
func table(header: [String], rows: [[String]]) -> String {
    let all = [header] + rows
    let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
    return all.map { row in
        row.enumerated().map { c, cell in
            c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}
