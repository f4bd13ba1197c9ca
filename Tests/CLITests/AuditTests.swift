import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

@Suite("Audit building blocks")
struct AuditPartsTests {
    @Test("score distributions report nearest-rank percentiles and a 20-bin histogram")
    func scoreDistribution() {
        let d = ScoreDistribution((1 ... 100).map { Double($0) / 100 })

        #expect(d.count == 100)
        #expect(abs(d.mean - 0.505) < 1e-9)
        #expect(d.p50 == 0.5 && d.p95 == 0.95 && d.p99 == 0.99)
        #expect(d.histogram.reduce(0, +) == 100)
        #expect(d.histogram.last == 6)
    }

    @Test("the prompts CSV is read with quoting, a header row, and file names without folders")
    func promptsCSV() throws {
        let dir = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("p.csv")
        try Data("file,prompt,seed\nout/a.png,\"a castle, at dusk\",1\nb.png,\"say \"\"hi\"\"\",2\n".utf8).write(to: csv)

        let table = try PromptTable(contentsOf: csv.path)

        #expect(table.prompt(for: "/elsewhere/a.png") == "a castle, at dusk")
        #expect(table.prompt(for: "b.png") == "say \"hi\"")
        #expect(table.prompt(for: "file") == nil)
    }

    @Test("an unreadable prompts file is a clear error")
    func unreadablePrompts() {
        #expect(throws: AuditError.self) { try PromptTable(contentsOf: "/no/such/prompts.csv") }
    }
}

/// `palimpsest audit` end to end on the sample corpus.
@Suite("audit command", .serialized)
struct AuditCommandTests {
    @Test("an audit reports memorized outputs, both score distributions, clusters of near-identical outputs and prompts")
    func auditEndToEnd() throws {
        let cli = try CommandRunner()
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let ledger = work.appendingPathComponent("l.sqlite").path
        let outputs = work.appendingPathComponent("outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let generated = Fixtures.sample.appendingPathComponent("generated")
        for name in ["gen-09.jpg", "gen-07.jpg", "gen-13.jpg", "gen-15.jpg"] {
            try FileManager.default.copyItem(at: generated.appendingPathComponent(name), to: outputs.appendingPathComponent(name))
        }
        // Two near-identical variants of an unrelated output: a cluster with no training image.
        let unrelated = try ImageDecoder().decode(contentsOf: generated.appendingPathComponent("gen-16.jpg").path).raster
        for (n, quality) in [60, 85].enumerated() {
            try Data(JPEGEncoder.encode(unrelated, quality: quality)).write(to: outputs.appendingPathComponent("variant-\(n).jpg"))
        }
        let prompts = work.appendingPathComponent("prompts.csv")
        try Data("file,prompt\nvariant-0.jpg,a red kite\nvariant-1.jpg,a red kite\ngen-09.jpg,a nebula\n".utf8).write(to: prompts)
        #expect(try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger,
                             Fixtures.sample.appendingPathComponent("corpus").path]).status == 0)

        let result = try cli.run(["audit", outputs.path, "--training", "sample", "--prompts", prompts.path,
                                  "--ledger", ledger, "--report-dir", work.appendingPathComponent("reports").path])

        #expect(result.status == 3)
        let path = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }?.dropFirst(8))
        let report = try JSONCoding.decoder.decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: String(path))))
        let audit = try #require(report.audit)
        #expect(audit.outputs == 6)
        #expect(Set(audit.memorizedOutputs.map { ($0.output as NSString).lastPathComponent }) == ["gen-09.jpg", "gen-07.jpg"])
        #expect(abs(audit.memorizationRate - 2.0 / 6.0) < 1e-9)
        #expect(audit.clusters.map { Set($0.outputs.map { ($0 as NSString).lastPathComponent }) } == [["variant-0.jpg", "variant-1.jpg"]])
        #expect(audit.clusters.first?.prompt == "a red kite")
        #expect(audit.trainingBackground.count == 30)
        #expect(audit.outputScores.mean > audit.trainingBackground.mean)
        let kite = try #require(audit.prompts.first { $0.prompt == "a red kite" })
        #expect(kite.outputs == 2 && kite.memorized == 0 && kite.largestCluster == 2)
        let page = try String(contentsOfFile: String(path).replacingOccurrences(of: "report.json", with: "report.html"), encoding: .utf8)
        #expect(page.contains("id=\"audit\""))
        #expect(page.contains("images/audit/cluster-1-1.jpg"))
        #expect(page.components(separatedBy: "<svg class=\"histogram\"").count - 1 >= 3)
    }

    @Test("an audit counts from the audit's flag score and records it; --flag-score sets another", arguments: [nil, 0.5])
    func auditFlagScore(_ override: Double?) throws {
        let cli = try CommandRunner()
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let ledger = work.appendingPathComponent("l.sqlite").path
        #expect(try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger,
                             Fixtures.sample.appendingPathComponent("corpus/nasa-05.jpg").path]).status == 0)

        let flag = override.map { ["--flag-score", String($0)] } ?? []
        let result = try cli.run(["audit", Fixtures.sample.appendingPathComponent("generated/gen-09.jpg").path,
                                  "--training", "sample", "--background-sample", "0", "--ledger", ledger,
                                  "--report-dir", work.appendingPathComponent("reports").path] + flag)

        let path = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }?.dropFirst(8))
        let report = try JSONCoding.decoder.decode(ScanReport.self, from: Data(contentsOf: URL(fileURLWithPath: String(path))))
        #expect(report.run.thresholds?.flagScore == override ?? Thresholds.auditFlagScore)
        #expect(Thresholds.auditFlagScore < Thresholds().flagScore)
    }

    @Test("a flag score outside 0…1 is a usage error")
    func flagScoreOutOfRange() throws {
        let result = try CommandRunner().run(["audit", "x.png", "--training", "t", "--flag-score", "1.5"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("--flag-score must be between 0 and 1"))
    }
}
