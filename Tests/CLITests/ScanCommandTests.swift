import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

/// End-to-end behaviour of `palimpsest corpus` and `palimpsest scan`, run as a user would.
@Suite("scan and corpus commands", .serialized)
struct ScanCommandTests {
    let cli: CommandRunner
    let work: URL
    var ledger: String { work.appendingPathComponent("ledger.sqlite").path }
    var generated: URL { Fixtures.sample.appendingPathComponent("generated") }

    init() throws {
        cli = try CommandRunner()
        work = try Synthetic.temporaryDirectory()
    }

    private func addSampleCorpus() throws {
        let result = try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger,
                                  Fixtures.sample.appendingPathComponent("corpus").path])
        try #require(result.status == 0, "corpus add failed: \(result.stderr)")
    }

    /// Copies the named sample queries into a fresh folder.
    private func queries(_ names: [String], extra: [String: Data] = [:]) throws -> URL {
        let dir = work.appendingPathComponent("q-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(at: generated.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        for (name, data) in extra { try data.write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    @Test("re-running corpus add adds nothing new")
    func corpusAddIsIdempotent() throws {
        try addSampleCorpus()
        let again = try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger,
                                 Fixtures.sample.appendingPathComponent("corpus").path])

        #expect(again.status == 0)
        #expect(again.stdout.contains("0 added, 30 already present"))
        #expect(try Ledger(path: ledger).corpusSummaries().first?.imageCount == 30)
    }

    @Test("corpus list shows name, kind, count and size")
    func corpusList() throws {
        try addSampleCorpus()
        let result = try cli.run(["corpus", "list", "--ledger", ledger])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sample  training  30"))
    }

    @Test("the ledger location comes from PALIMPSEST_LEDGER when --ledger is absent")
    func ledgerFromEnvironment() throws {
        let result = try cli.run(["corpus", "list"], environment: ["PALIMPSEST_LEDGER": ledger])
        #expect(result.status == 0)
        #expect(FileManager.default.fileExists(atPath: ledger))
    }

    @Test("a scan that flags a copy exits 3 and writes report.json with every query")
    func flaggedScanExitsThree() throws {
        try addSampleCorpus()
        let dir = try queries(["gen-09.jpg", "gen-13.jpg"])
        let result = try cli.run(["scan", dir.path, "--against", "sample", "--ledger", ledger,
                                  "--report-dir", work.appendingPathComponent("reports").path])

        #expect(result.status == 3)
        let path = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }?.dropFirst(8))
        let report = try JSONCoding.decoder.decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: String(path))))
        #expect(report.findings.count == 2)
        let exact = try #require(report.findings.first { $0.query.path.hasSuffix("gen-09.jpg") })
        #expect(exact.matches.first?.reference.path.hasSuffix("nasa-05.jpg") == true)
        #expect(exact.grade != "none")
    }

    @Test("a corpus added by a relative path is still verified against from another directory")
    func relativeCorpusPathsResolve() throws {
        // Given a corpus added from `work` as `refs`, and a smaller copy of one of its photos
        let refs = work.appendingPathComponent("refs")
        try FileManager.default.createDirectory(at: refs, withIntermediateDirectories: true)
        let photo = Fixtures.sample.appendingPathComponent("corpus/nasa-00.jpg")
        try FileManager.default.copyItem(at: photo, to: refs.appendingPathComponent("nasa-00.jpg"))
        let added = try cli.run(["corpus", "add", "refs", "--kind", "registry", "--ledger", ledger, "refs"], in: work)
        try #require(added.status == 0, "corpus add failed: \(added.stderr)")
        let elsewhere = work.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let copy = RasterTransforms.resized(try RasterTransforms.sample("nasa-00.jpg"), width: 400, height: 200)
        try Data(JPEGEncoder.encode(copy, quality: 80)).write(to: elsewhere.appendingPathComponent("copy.jpg"))

        // When scanned from another directory
        let result = try cli.run(["scan", "copy.jpg", "--against", "refs", "--ledger", ledger,
                                  "--report-dir", work.appendingPathComponent("reports").path], in: elsewhere)

        // Then the reference is recorded by absolute path and read back to verify the copy
        let path = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }?.dropFirst(8))
        let report = try JSONCoding.decoder.decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: String(path))))
        let best = try #require(report.findings.first?.matches.first)
        #expect(best.reference.path == refs.appendingPathComponent("nasa-00.jpg").resolvingSymlinksInPath().path)
        #expect(best.signals.geometry != nil)
        #expect(best.signals.alignment != nil)
    }

    @Test("a scan with nothing flagged exits 0")
    func cleanScanExitsZero() throws {
        try addSampleCorpus()
        let dir = try queries(["gen-13.jpg", "gen-15.jpg"])
        let result = try cli.run(["scan", dir.path, "--against", "sample", "--ledger", ledger,
                                  "--report-dir", work.appendingPathComponent("reports").path])
        #expect(result.status == 0)
    }

    @Test("a scan with a corrupt input and nothing flagged exits 2, records the error, and scans the rest")
    func corruptInputExitsTwo() throws {
        try addSampleCorpus()
        let dir = try queries(["gen-13.jpg"], extra: ["broken.jpg": Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 1, 2, 3])])
        let result = try cli.run(["scan", dir.path, "--against", "sample", "--ledger", ledger,
                                  "--report-dir", work.appendingPathComponent("reports").path])

        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.jpg"))
        let run = try #require(try Ledger(path: ledger).runs().first)
        #expect(try Ledger(path: ledger).errors(inRun: run.id).map { ($0.path as NSString).lastPathComponent } == ["broken.jpg"])
        #expect(try Ledger(path: ledger).findings(inRun: run.id).count == 1)
    }

    @Test("a usage error exits 1")
    func usageErrorExitsOne() throws {
        #expect(try cli.run(["scan", generated.path]).status == 1)
        #expect(try cli.run(["scan", generated.path, "--against", "nosuchcorpus", "--ledger", ledger]).status == 1)
    }

    @Test("a run killed half way and resumed records every query exactly once")
    func interruptedRunResumes() throws {
        try addSampleCorpus()
        let dir = work.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted()
        for copy in 0 ..< 4 {
            for name in names {
                try FileManager.default.copyItem(at: generated.appendingPathComponent(name),
                                                 to: dir.appendingPathComponent("\(copy)-\(name)"))
            }
        }
        let total = names.count * 4
        let reports = work.appendingPathComponent("reports").path
        let process = try cli.start(["scan", dir.path, "--against", "sample", "--ledger", ledger, "--jobs", "1", "--report-dir", reports])

        // Kill it once a few findings are committed but well before the end.
        let observer = try Ledger(path: ledger)
        var runID: String?
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let run = try observer.runs().first(where: { $0.command == "scan" }),
               try observer.findings(inRun: run.id).count >= 5 {
                runID = run.id
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let killedRun = try #require(runID)
        let before = try observer.findings(inRun: killedRun).count
        #expect(before < total)
        #expect(try observer.run(id: killedRun).finishedAt == nil)

        let resumed = try cli.run(["scan", dir.path, "--against", "sample", "--ledger", ledger, "--resume", killedRun, "--report-dir", reports])

        #expect([0, 3].contains(resumed.status))
        let findings = try Ledger(path: ledger).findings(inRun: killedRun)
        #expect(findings.count == total)
        #expect(Set(findings.map(\.finding.queryPath)).count == total)
        #expect(try Ledger(path: ledger).run(id: killedRun).finishedAt != nil)
    }
}
