import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

/// `palimpsest corpus import-hashes` and `export-hashes`, and scans against a corpus known only
/// by PDQ hashes, run as a user would.
@Suite("hash-list commands", .serialized)
struct HashListCommandTests {
    let cli: CommandRunner
    let work: URL
    var ledger: String { work.appendingPathComponent("ledger.sqlite").path }
    var corpus: URL { Fixtures.sample.appendingPathComponent("corpus") }
    static let hash = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"

    init() throws {
        cli = try CommandRunner()
        work = try Synthetic.temporaryDirectory()
    }

    private func write(_ text: String, to name: String) throws -> String {
        let url = work.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The sample corpus's PDQ hashes as Meta's CSV, made by `palimpsest hash`.
    private func sampleHashList() throws -> String {
        let hashed = try cli.run(["hash", corpus.path])
        try #require(hashed.status == 0, "hash failed: \(hashed.stderr)")
        return try write(hashed.stdout, to: "sample.csv")
    }

    @Test("import-hashes reads Meta's CSV and export-hashes writes it back, to stdout by default")
    func importThenExport() throws {
        let list = try sampleHashList()

        let imported = try cli.run(["corpus", "import-hashes", "flagged", list, "--ledger", ledger])
        let exported = try cli.run(["corpus", "export-hashes", "flagged", "--format", "csv", "--ledger", ledger])
        let asThreatExchange = try cli.run(["corpus", "export-hashes", "flagged", "--ledger", ledger])

        #expect(imported.status == 0)
        #expect(imported.stdout.contains("flagged: 30 added, 0 already present, 0 malformed (csv)"))
        #expect(exported.status == 0)
        let original = try String(contentsOfFile: list, encoding: .utf8).split(separator: "\n").sorted()
        #expect(exported.stdout.split(separator: "\n").sorted() == original)
        #expect(asThreatExchange.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("pdq ") && $0.count == 68 })
        #expect(try Ledger(path: ledger).corpusSummaries().map(\.imageCount) == [30])
    }

    @Test("export-hashes --output writes a list that imports into an identical corpus")
    func roundTripThroughFiles() throws {
        let first = try cli.run(["corpus", "import-hashes", "flagged", try sampleHashList(), "--ledger", ledger])
        try #require(first.status == 0)
        let exported = work.appendingPathComponent("out.csv").path
        let written = try cli.run(["corpus", "export-hashes", "flagged", "--format", "csv", "--output", exported, "--ledger", ledger])

        let copyLedger = work.appendingPathComponent("copy.sqlite").path
        let reimported = try cli.run(["corpus", "import-hashes", "copy", exported, "--ledger", copyLedger])
        let again = try cli.run(["corpus", "export-hashes", "copy", "--format", "csv", "--ledger", copyLedger])

        #expect(written.stdout.contains("flagged: 30 hashes written to"))
        #expect(reimported.status == 0)
        #expect(again.stdout == (try String(contentsOfFile: exported, encoding: .utf8)))
    }

    @Test("malformed lines are named on stderr, the rest is imported, and the exit status is 2")
    func malformedLinesExitTwo() throws {
        let list = try write("pdq \(Self.hash)\npdq 12ab\nsha256 \(Self.hash)\n", to: "bad.txt")

        let result = try cli.run(["corpus", "import-hashes", "flagged", list, "--ledger", ledger])
        let strict = try cli.run(["corpus", "import-hashes", "strict", list, "--strict", "--ledger", ledger])

        #expect(result.status == 2)
        #expect(result.stderr.contains("bad.txt:2: `12ab` is not a PDQ hash (64 hex digits)"))
        #expect(result.stderr.contains("bad.txt:3: signal type `sha256` is not PDQ"))
        #expect(result.stdout.contains("flagged: 1 added, 0 already present, 2 malformed (threatexchange)"))
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("nothing was imported"))
        #expect(try Ledger(path: ledger).corpus(named: "strict") == nil)
    }

    @Test("import-hashes reads standard input for -, and refuses a missing file")
    func standardInputAndMissingFile() throws {
        let process = Process()
        process.executableURL = cli.executable
        process.arguments = ["corpus", "import-hashes", "flagged", "-", "--ledger", ledger]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data("pdq \(Self.hash)\n".utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let missing = try cli.run(["corpus", "import-hashes", "flagged", work.appendingPathComponent("nope.txt").path, "--ledger", ledger])

        #expect(process.terminationStatus == 0)
        #expect(printed.contains("flagged: 1 added"))
        #expect(try Ledger(path: ledger).hashReferences(inCorpora: ["flagged"]).labels == ["stdin:1"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Cannot read the hash list"))
    }

    @Test("a scan against a hash-only corpus flags a copy by PDQ alone, and the report says only a hash was available")
    func scanAgainstHashOnlyCorpus() throws {
        // Given the sample corpus known only by its PDQ hashes (the CSV's paths name real files)
        let imported = try cli.run(["corpus", "import-hashes", "flagged", try sampleHashList(), "--ledger", ledger])
        try #require(imported.status == 0)
        let queries = work.appendingPathComponent("queries")
        try FileManager.default.createDirectory(at: queries, withIntermediateDirectories: true)
        for name in ["gen-09.jpg", "gen-13.jpg"] {
            try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("generated/\(name)"),
                                             to: queries.appendingPathComponent(name))
        }

        // When the exact copy gen-09 of nasa-05 and the unrelated gen-13 are scanned
        let result = try cli.run(["scan", queries.path, "--against", "flagged", "--ledger", ledger,
                                  "--report-dir", work.appendingPathComponent("reports").path])

        // Then the copy is flagged through the PDQ signal only, never verified against the file
        #expect(result.status == 3)
        let path = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }?.dropFirst(8))
        let report = try JSONCoding.decoder.decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: String(path))))
        let copy = try #require(report.findings.first { $0.query.path.hasSuffix("gen-09.jpg") })
        let best = try #require(copy.matches.first)
        #expect(copy.grade == "near-duplicate")
        #expect(best.reference.path.hasSuffix("nasa-05.jpg"))
        #expect(best.reference.hashOnly == true)
        #expect(best.reference.sha256.hasPrefix("pdq:"))
        #expect(best.reference.fingerprints?.pdq.map { best.reference.sha256 == "pdq:" + $0 } == true)
        #expect((best.signals.pdqDistance ?? 99) <= 31)
        #expect(best.signals.alignment == nil && best.signals.geometry == nil && best.signals.phashDistance == nil)
        #expect(report.findings.first { $0.query.path.hasSuffix("gen-13.jpg") }?.grade == "none")
        let json = try String(contentsOfFile: String(path), encoding: .utf8)
        #expect(json.contains("\"hash_only\" : true"))
        let html = try String(contentsOf: URL(fileURLWithPath: String(path)).deletingLastPathComponent().appendingPathComponent("report.html"),
                              encoding: .utf8)
        #expect(html.contains("Only a hash was available for this reference"))
        #expect(html.contains("Hash only: no picture."))
        #expect(!html.contains("Aligned to the query"))

        // And its evidence bundle holds the query alone as an original, says why, and verifies
        let bundle = work.appendingPathComponent("finding.zip").path
        let made = try cli.run(["evidence", String(copy.id), "--out", bundle, "--ledger", ledger])
        #expect(made.status == 0, "\(made.stderr)")
        let manifest = try EvidenceVerifier().verify(bundleAt: bundle).manifest
        #expect(manifest.files.map(\.role).filter { $0.hasSuffix("-original") } == ["query-original"])
        #expect(try cli.run(["evidence", "verify", bundle]).status == 0)
        #expect(try cli.run(["ledger", "verify", "--ledger", ledger]).status == 0)
    }
}
