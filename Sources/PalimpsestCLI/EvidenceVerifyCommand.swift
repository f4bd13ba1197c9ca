import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest evidence verify`.
struct EvidenceVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an evidence bundle: file hashes, signature, ledger entries.",
        discussion: """
            Fails when any file was changed, removed or added, when the signature does not \
            match the manifest (or, with --key, was not made by that key), or when the \
            originals are not the files the bundle's ledger entry recorded.

            Exit status: 0 intact, 2 something is wrong (each problem is named), 1 usage error \
            or not a bundle.
            """
    )

    @Argument(help: ArgumentHelp("The bundle.", valueName: "file.zip"))
    var bundle: String

    @Option(help: ArgumentHelp("Require a signature by this public key file.", valueName: "pub"))
    var key: String?

    func run() throws {
        let trusted = try key.map { try EvidencePublicKey(contentsOf: $0) }
        let result = try EvidenceVerifier().verify(bundleAt: bundle, trustedKey: trusted)
        let manifest = result.manifest
        guard result.isIntact else {
            let text = "evidence verification FAILED: \(bundle) (finding \(manifest.findingId))\n"
                + result.problems.map { "  - \($0)\n" }.joined()
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(2)
        }
        let signature = result.signedBy.map { "signed by key \($0)" + (trusted == nil ? " (not compared with a trusted key; pass --key)" : ", the trusted key") }
            ?? "not signed"
        print("evidence intact: finding \(manifest.findingId) of run \(manifest.runId), \(manifest.files.count) files match the manifest; \(signature)")
    }
}
