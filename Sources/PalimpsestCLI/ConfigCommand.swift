import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestCore

/// `palimpsest config`: the matching configuration, the numbers that decide every verdict.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the matching configuration: every number that can change a verdict.",
        subcommands: [ConfigShowCommand.self, ConfigHashesCommand.self]
    )
}

/// `palimpsest config show`: prints a configuration as JSON with its fingerprint.
struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the matching configuration as JSON, with its fingerprint.",
        discussion: """
            Prints the configuration a scan (or, with --audit, an audit) uses by default, or the \
            one a recorded run used (--run). Every report names its configuration's \
            fingerprint: two reports with the same fingerprint were graded by the same rules.

            Examples:
              palimpsest config show
              palimpsest config show --run 20261121T093000Z-3fa9c1 --ledger ledger.sqlite
            """
    )

    @Flag(help: "The audit's configuration (its lower flag score) instead of a scan's.")
    var audit = false

    @Option(name: .customLong("run"), help: ArgumentHelp("Show the configuration this recorded run used instead.", valueName: "run-id"))
    var runID: String?

    @OptionGroup var ledgerOptions: LedgerOptions

    func run() throws {
        let configuration: MatchingConfiguration
        if let runID {
            let recorded = try ledgerOptions.open().run(id: runID)
            guard let json = recorded.thresholds, let found = try? JSONCoding.decoder.decode(MatchingConfiguration.self, from: Data(json.utf8))
            else {
                throw ValidationError("run \(runID) recorded no matching configuration (it was made before configurations were recorded)")
            }
            configuration = found
        } else {
            configuration = audit ? .audit : MatchingConfiguration()
        }
        print(String(decoding: try JSONCoding.encoder(pretty: true).encode(configuration), as: UTF8.self))
        // On standard error, so that the printed JSON can be saved and given to `--config` as it is.
        FileHandle.standardError.write(Data("fingerprint: \(configuration.fingerprint)\n".utf8))
    }
}

/// `palimpsest config hashes`: the registered perceptual hashes, which every image gets.
struct ConfigHashesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hashes",
        abstract: "List the perceptual hashes this version computes, stores and compares, as JSON.",
        discussion: """
            One object per hash: its name (the key in `hash --json`, report fingerprints and \
            `<name>_distance` signals), label, width in bits, largest distance and summary. \
            `make schemas` writes the report's JSON Schema and the service's OpenAPI document \
            from this list.
            """
    )

    /// One registered hash, as printed.
    struct Entry: Encodable {
        var name: String
        var label: String
        var bitCount: Int
        var maxDistance: Int
        var summary: String
    }

    func run() throws {
        let entries = PerceptualHashes.all.map {
            Entry(name: $0.name, label: $0.label, bitCount: $0.bitCount, maxDistance: $0.maxDistance, summary: $0.summary)
        }
        print(String(decoding: try JSONCoding.encoder(pretty: true).encode(entries), as: UTF8.self))
    }
}
