import PalimpsestCore
import ArgumentParser
import Palimpsest

/// `palimpsest evidence [create]`.
struct EvidenceCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Write the evidence bundle of a finding (the default subcommand).",
        discussion: """
            The query and reference are read again from where they were scanned and must still \
            have the SHA-256 the ledger recorded; the bundle holds them byte for byte.
            """
    )

    @Argument(help: ArgumentHelp("The finding id (in report.json and report.html).", valueName: "finding-id"))
    var findingID: Int64

    @Option(help: ArgumentHelp("The ZIP file to write.", valueName: "file.zip"))
    var out: String

    @Option(help: ArgumentHelp("Sign the manifest with this secret key file (see `evidence keygen`).", valueName: "key"))
    var sign: String?

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var decoding: DecodingOptions

    func run() throws {
        let key = try sign.map { try EvidenceSigningKey(contentsOf: $0) }
        let bundler = EvidenceBundler(ledger: try ledgerOptions.open(), decode: decoding.analyzer().options.decode)
        let manifest = try bundler.write(findingID: findingID, to: out, signingKey: key)
        print("\(out): finding \(findingID) of run \(manifest.runId), \(manifest.files.count) files"
            + (key.map { ", signed by key \($0.publicKey.keyID)" } ?? ", unsigned"))
    }
}
