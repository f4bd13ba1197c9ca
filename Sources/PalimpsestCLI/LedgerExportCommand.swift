import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest ledger export`.
struct LedgerExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the hash chain as JSON Lines, one entry with its content per line.",
        discussion: """
            Each line holds seq, kind, record_id, recorded_at, content (the covered row's \
            canonical JSON, as text), content_sha256, previous_sha256 and entry_sha256. \
            content_sha256 is the SHA-256 of content's UTF-8 bytes; entry_sha256 is the SHA-256 \
            of the lines `palimpsest-ledger-chain-v1`, seq, kind, record_id, recorded_at, \
            content_sha256 and previous_sha256 joined by newlines, so the chain can be checked \
            without Palimpsest. The head is printed on standard error.
            """
    )

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    @OptionGroup var ledgerOptions: LedgerOptions

    func run() throws {
        let ledger = try ledgerOptions.open()
        let handle: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil) else {
                throw ValidationError("Cannot create \(out): check the folder exists and may be written.")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        } else {
            handle = FileHandle.standardOutput
        }
        let encoder = JSONCoding.encoder()
        var last: ChainedEntry?
        try ledger.exportChain { entry in
            handle.write(try encoder.encode(entry) + Data("\n".utf8))
            last = entry
        }
        if out != nil { try handle.close() }
        let head = last.map { "entry \($0.seq) \($0.entrySha256)" } ?? "none (the chain is empty)"
        FileHandle.standardError.write(Data("head: \(head)\n".utf8))
    }
}
