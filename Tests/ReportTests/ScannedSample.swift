import Foundation
import Palimpsest
import PalimpsestTestSupport

/// A small real scan for report and evidence tests: three sample corpus images and two
/// queries copied into a fresh folder (so tests may change them), one of them a copy of
/// `nasa-05.jpg` (re-encoded) and one unrelated.
struct ScannedSample {
    let directory: URL
    let ledger: Ledger
    let outcome: ScanOutcome

    /// The flagged finding (the copy of nasa-05.jpg).
    var flagged: ScanReport.Finding {
        outcome.report.findings.first { $0.grade != "none" }!
    }

    init() throws {
        directory = try Synthetic.temporaryDirectory()
        let corpus = directory.appendingPathComponent("corpus"), queries = directory.appendingPathComponent("queries")
        for folder in [corpus, queries] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        for name in ["nasa-05.jpg", "birds-12.png", "toys-15.png"] {
            try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("corpus/\(name)"), to: corpus.appendingPathComponent(name))
        }
        for name in ["gen-09.jpg", "gen-13.jpg"] {
            try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("generated/\(name)"), to: queries.appendingPathComponent(name))
        }
        ledger = try Ledger(path: directory.appendingPathComponent("ledger.sqlite").path)
        _ = try CorpusIngest(ledger: ledger).add(corpus: "sample", kind: .training, paths: [corpus.path], commandLine: "test")
        var options = ScanOptions(corpora: ["sample"])
        options.reportDirectory = directory.appendingPathComponent("Reports").path
        outcome = try ScanJob(ledger: ledger).run(paths: [queries.path], options: options, commandLine: "test")
    }

    /// A path inside the sample's folder.
    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }
}
