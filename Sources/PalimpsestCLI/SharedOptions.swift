import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// Options every command that touches the ledger takes.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The ledger: a SQLite file, or a PostgreSQL database as postgres://user[:password]@host[:port]/database.",
        discussion: "Defaults to $PALIMPSEST_LEDGER, else ./palimpsest.sqlite. A PostgreSQL password is better given in $PGPASSWORD.",
        valueName: "file|url"))
    var ledger: String?

    func open(checkpoints: Ledger.Checkpoints = .onCommit) throws -> Ledger {
        try Ledger(location: LedgerLocation(parsing: ledger ?? Ledger.defaultLocation), checkpoints: checkpoints)
    }
}

/// Options of commands that decode images.
struct DecodingOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Threads to decode with (default: all cores).", valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Refuse images with more pixels than this, read from the header before decoding.", valueName: "megapixels"))
    var maxMegapixels: Double = 100

    @Option(name: .long, help: ArgumentHelp("Refuse files larger than this.", valueName: "megabytes"))
    var maxFileMegabytes: Int = 512

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1.") }
        if maxMegapixels <= 0 { throw ValidationError("--max-megapixels must be positive.") }
        if maxFileMegabytes <= 0 { throw ValidationError("--max-file-megabytes must be positive.") }
    }

    var threadCount: Int { jobs ?? OrderedParallel.cores }

    func analyzer(pixelsExact: Bool = false, forMatching: Bool = true) -> ImageAnalyzer {
        ImageAnalyzer(options: AnalysisOptions(pixelsExact: pixelsExact, maxPixels: Int(maxMegapixels * 1_000_000),
                                               maxFileBytes: maxFileMegabytes * 1024 * 1024, extractsLocalFeatures: forMatching))
    }
}

/// The names in a comma-separated option value (`--against a,b`), trimmed, empty ones dropped.
func commaSeparatedNames(_ list: String) -> [String] {
    list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// The command line as typed, for the run record.
var typedCommandLine: String {
    CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
}

/// Options of commands that match: the matching configuration to follow.
struct MatchingConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "Follow this matching configuration, a JSON file as `palimpsest config show` prints it.",
        discussion: "Options such as --flag-score apply on top of it. The run records the configuration it followed.",
        valueName: "file"))
    var file: String?

    /// The configuration in ``file``, or `standard` when none is given.
    ///
    /// - Throws: a `ValidationError` naming the file when it cannot be read, is not a
    ///   configuration, or belongs to another version of the configuration's knobs.
    func configuration(standard: MatchingConfiguration) throws -> MatchingConfiguration {
        guard let file else { return standard }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file): cannot be read.") }
        let configuration: MatchingConfiguration
        do {
            configuration = try JSONCoding.decoder.decode(MatchingConfiguration.self, from: data)
        } catch {
            throw ValidationError("\(file): not a matching configuration (\(error)). `palimpsest config show` prints one to start from.")
        }
        guard configuration.version == MatchingConfiguration.currentVersion else {
            throw ValidationError("\(file): a \(configuration.version) configuration; this version of Palimpsest reads \(MatchingConfiguration.currentVersion).")
        }
        do {
            try configuration.validate()
        } catch {
            throw ValidationError("\(file): \(error).")
        }
        return configuration
    }
}
