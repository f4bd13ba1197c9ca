import Palimpsest
import PalimpsestCore
import ArgumentParser

/// `palimpsest ledger`: check and export the ledger's hash chain.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Verify or export the ledger's tamper-evident hash chain.",
        discussion: """
            Runs, findings (with their candidates), file errors and report records are \
            append-only: triggers refuse UPDATE and DELETE, and every row is covered by an entry \
            of a hash chain that stores the SHA-256 of the row's content and of the previous \
            entry. `verify` recomputes the chain; `export` writes it as JSON Lines.

            A chain proves that nothing was changed, removed or inserted after it was written, \
            unless someone rewrote the whole chain from that point on: anchor the head that \
            `verify` prints somewhere outside the ledger, and pass it back with --expect-head.
            """,
        subcommands: [LedgerVerifyCommand.self, LedgerExportCommand.self]
    )
}
