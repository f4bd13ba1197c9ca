import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest report`: re-render a run's reports from the ledger.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a run's report.json and report.html again from the ledger.",
        discussion: """
            Rebuilds DIR/<run-id>/report.json, report.html and the pictures of every flagged \
            finding (images/) from what the ledger recorded, re-reading the query and reference \
            images from where they were scanned. Images that moved or changed since the scan \
            (their SHA-256 differs) are left out and the page says so. Every file written is \
            recorded in the ledger with its SHA-256.

            Example:
              palimpsest report 20261121T093000Z-3fa9c1 --report-dir Reports
            """
    )

    @Argument(help: ArgumentHelp("The run id, as printed by `palimpsest scan`.", valueName: "run-id"))
    var runID: String

    @Option(help: ArgumentHelp("Where run folders with reports are written.", valueName: "dir"))
    var reportDir = "Reports"

    @OptionGroup var ledgerOptions: LedgerOptions
    @OptionGroup var decoding: DecodingOptions

    func run() throws {
        let ledger = try ledgerOptions.open()
        let written = try ReportWriter(ledger: ledger, decode: decoding.analyzer().options.decode, jobs: decoding.threadCount)
            .write(runID: runID, under: reportDir)
        print("report: \(written.jsonPath)")
        print("page: \(written.htmlPath)")
    }
}
