import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest ledger verify`.
struct LedgerVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the hash chain and re-hash every report file the ledger lists.",
        discussion: """
            Detects rows changed, deleted or inserted behind Palimpsest's back (even with the \
            sqlite3 shell or psql, after dropping or bypassing the triggers), edited, removed or \
            reordered chain entries, dropped or disabled append-only triggers, and report files \
            that differ from their recorded SHA-256. Prints the chain head to anchor elsewhere.

            Exit status: 0 intact, 2 something was changed (the first bad entry is named), \
            1 usage error or unreadable ledger.
            """
    )

    @Option(help: ArgumentHelp("A head hash anchored earlier, which must still be in the chain.", valueName: "sha256"))
    var expectHead: String?

    @Flag(help: "Skip re-hashing report files (check the database only).")
    var skipFiles = false

    @OptionGroup var ledgerOptions: LedgerOptions

    func run() throws {
        let ledger = try ledgerOptions.open()
        let result = try ledger.verifyChain(expectedHead: expectHead, checkReportFiles: !skipFiles)
        let head = result.head.map { "entry \($0.seq) \($0.entrySha256)" } ?? "none (the chain is empty)"
        guard let first = result.problems.first else {
            print("ledger intact: \(result.entryCount) entries, \(result.reportFilesChecked) report files checked")
            print("head: \(head)")
            if let expectHead { print("anchored head \(expectHead) is in the chain") }
            return
        }
        let failure = "ledger verification FAILED: \(first)\n"
            + result.problems.map { "  - \($0)\n" }.joined()
            + "\(result.problems.count) problem\(result.problems.count == 1 ? "" : "s"); \(result.entryCount) entries; head: \(head)\n"
        FileHandle.standardError.write(Data(failure.utf8))
        throw ExitCode(2)
    }
}
