import PalimpsestCore
import ArgumentParser
import Palimpsest

/// `palimpsest evidence keygen`.
struct EvidenceKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing evidence bundles.",
        discussion: """
            Writes the secret key to FILE (readable by you only) and the public key to FILE.pub. \
            Each is one line: `palimpsest-ed25519-secret-key BASE64` or \
            `palimpsest-ed25519-public-key BASE64`. Existing files are never overwritten.
            """
    )

    @Option(help: ArgumentHelp("The secret key file to write; the public key goes to FILE.pub.", valueName: "file"))
    var out: String

    func run() throws {
        let key = EvidenceSigningKey()
        try key.write(to: out)
        print("secret key: \(out)\npublic key: \(out).pub (key id \(key.publicKey.keyID))")
    }
}
