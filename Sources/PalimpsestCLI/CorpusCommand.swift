import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest corpus`: manage reference corpora.
struct CorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corpus",
        abstract: "Register, list and remove reference corpora; exchange their PDQ hashes as hash lists.",
        subcommands: [Add.self, ImportHashes.self, ExportHashes.self, List.self, Remove.self, Reindex.self, Compact.self]
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
            if let problem = summary.indexProblem {
                let message = "palimpsest: \(name): its index could not be written (\(problem)); scans will index it "
                    + "from the ledger until `palimpsest corpus reindex \(name)` succeeds\n"
                FileHandle.standardError.write(Data(message.utf8))
            }
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
            let ledger = try ledgerOptions.open()
            let store = CorpusIndexStore(ledger: ledger)
            let rows = try summaries.map { summary in
                let state = try store.map { try $0.state(ofCorpus: summary.name, in: ledger).description } ?? "in memory (PostgreSQL ledger)"
                return [summary.name, summary.kind.rawValue, String(summary.imageCount), byteCount(summary.totalBytes), state]
            }
            print(table(header: ["NAME", "KIND", "IMAGES", "SIZE", "INDEX"], rows: rows))
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
            let ledger = try ledgerOptions.open()
            try ledger.removeCorpus(named: name)
            CorpusIndexStore(ledger: ledger)?.remove(corpus: name)
            print("Removed corpus \(name).")
        }
    }
}

extension CorpusCommand {
    /// `palimpsest corpus reindex`.
    struct Reindex: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite the persistent index of corpora from the ledger.",
            discussion: """
                A corpus's index (coded, listed local features, beside a SQLite ledger in LEDGER.index/) is \
                written as `corpus add` records references. A scan that finds it missing, stale (references \
                added or removed without it, another extractor, another format) or unreadable says so and \
                indexes the corpus from the ledger for that run; this command writes it again, whole.
                """
        )

        @Argument(help: ArgumentHelp("Corpus names (all corpora when none).", valueName: "name"))
        var names: [String] = []

        @OptionGroup var ledgerOptions: LedgerOptions

        func run() throws {
            let (ledger, store, corpora) = try indexed(names, ledgerOptions)
            for name in corpora {
                let update = try store.reindex(corpus: name, ledger: ledger)
                print("\(name): index rewritten, \(update.references) reference\(update.references == 1 ? "" : "s")")
            }
        }
    }

    /// `palimpsest corpus compact`.
    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the segments of corpora's persistent indexes into one.",
            discussion: """
                Each `corpus add` that records new images writes one segment of the corpus's index, and a \
                search probes every segment's lists; merging them lists the whole corpus at once, from the \
                index alone. A stale index is rewritten from the ledger instead. With --segment-size the \
                merged index is written in segments of at most that many references: a run split into \
                shards (`scan --shards`) gives each shard whole segments.
                """
        )

        @Argument(help: ArgumentHelp("Corpus names (all corpora when none).", valueName: "name"))
        var names: [String] = []

        @Option(help: ArgumentHelp("Write segments of at most this many references (default: one segment).", valueName: "n"))
        var segmentSize: Int?

        @OptionGroup var ledgerOptions: LedgerOptions

        func validate() throws {
            if let segmentSize, segmentSize < 1 { throw ValidationError("--segment-size must be at least 1.") }
        }

        func run() throws {
            let (ledger, store, corpora) = try indexed(names, ledgerOptions)
            for name in corpora {
                let before = store.segmentPaths(ofCorpus: name).count
                let update = try store.compact(corpus: name, ledger: ledger, segmentSize: segmentSize)
                let into = update.written == 1 ? "one" : "\(update.written) of at most \(segmentSize ?? 0) references each"
                print(update.written == 0 ? "\(name): nothing to merge (\(update.segments) segment\(update.segments == 1 ? "" : "s"))"
                                          : "\(name): \(before) segment\(before == 1 ? "" : "s") merged into \(into), \(update.references) references")
            }
        }
    }
}

/// The ledger, the persistent indexes beside it (a usage error for a ledger that keeps none),
/// and the corpora `names` (every corpus when none).
private func indexed(_ names: [String], _ options: LedgerOptions) throws -> (Ledger, CorpusIndexStore, [String]) {
    let ledger = try options.open()
    guard let store = CorpusIndexStore(ledger: ledger) else {
        throw ValidationError("a ledger in PostgreSQL or in memory keeps no persistent index: its corpora are indexed at every start")
    }
    return (ledger, store, names.isEmpty ? try ledger.corpusSummaries().map(\.name) : names)
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
