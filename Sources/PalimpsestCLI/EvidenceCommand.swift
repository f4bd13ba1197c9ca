import Palimpsest
import PalimpsestCore
import ArgumentParser

/// `palimpsest evidence`: evidence bundles for one finding.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Pack, sign and verify the evidence for one finding as a ZIP bundle.",
        discussion: """
            `palimpsest evidence FINDING-ID --out FILE.zip` packs both images as received, the \
            aligned views, the finding's page and JSON, the ledger entries that cover it with \
            their chain hashes, and a manifest of SHA-256 sums; --sign KEY adds an Ed25519 \
            signature of the manifest. `evidence verify` checks a bundle; `evidence keygen` \
            makes a signing key pair.

            Example:
              palimpsest evidence keygen --out moderator.key
              palimpsest evidence 12 --out finding-12.zip --sign moderator.key
              palimpsest evidence verify finding-12.zip --key moderator.key.pub
            """,
        subcommands: [EvidenceCreateCommand.self, EvidenceVerifyCommand.self, EvidenceKeygenCommand.self],
        defaultSubcommand: EvidenceCreateCommand.self
    )
}
