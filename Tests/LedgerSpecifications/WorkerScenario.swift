import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestJobs
import PalimpsestLedger
import PalimpsestTestSupport
import Testing

/// `palimpsest scan --worker` processes sharing one queue, as machines would: the sample
/// corpus is added, 20 inputs are queued with `scan --enqueue` (the 18 sample queries, a
/// byte-identical copy of one of them and a corrupt file), and workers are run on the queue.
///
/// The same scenario runs against a SQLite file and a PostgreSQL database.
public struct WorkerScenario: Sendable {
    /// A queued run, before any worker.
    public struct Queue: Sendable {
        /// The run.
        public var runID: String
        /// The queued inputs, as absolute paths.
        public var inputs: Set<String>
    }

    /// Inputs queued.
    public static let inputCount = 20

    let cli: CommandRunner
    let ledger: String
    let work: URL

    /// A scenario on the ledger at `ledger` (a file path or a `postgres://` URL), with files under `work`.
    public init(ledger: String, work: URL) throws {
        cli = try CommandRunner()
        self.ledger = ledger
        self.work = work
    }

    /// Adds the sample corpus and queues the 20 inputs, its references split into `shards`.
    public func enqueue(shards: Int = 1) throws -> Queue {
        let add = try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger,
                               Fixtures.sample.appendingPathComponent("corpus").path])
        guard add.status == 0 else { throw ScenarioError("corpus add failed: \(add.stderr)") }
        let inputs = try makeInputs()
        let enqueue = try cli.run(["scan", inputs.path, "--against", "sample", "--ledger", ledger, "--enqueue", "--shards", String(shards)])
        guard enqueue.status == 0, let runID = enqueue.stdout.split(separator: "\n").first(where: { $0.hasPrefix("run: ") })?.dropFirst(5) else {
            throw ScenarioError("scan --enqueue failed: \(enqueue.stdout) \(enqueue.stderr)")
        }
        let queued = try FileManager.default.contentsOfDirectory(atPath: inputs.path).map { inputs.appendingPathComponent($0).path }
        return Queue(runID: String(runID), inputs: Set(queued))
    }

    /// The command line of a worker on `runID`: one thread, two inputs per claim.
    public func workerArguments(runID: String, lease: Double? = nil) -> [String] {
        ["scan", "--worker", "--run", runID, "--ledger", ledger, "--jobs", "1", "--batch", "2",
         "--report-dir", work.appendingPathComponent("reports").path] + (lease.map { ["--lease", String($0)] } ?? [])
    }

    /// Runs `count` workers on `runID` at the same moment, to the end.
    public func runWorkers(_ count: Int, runID: String) throws -> [CommandRunner.Result] {
        let results = Collected<(Int, Result<CommandRunner.Result, any Error>)>()
        let cli = self.cli, arguments = workerArguments(runID: runID)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            results.append([(i, Result { try cli.run(arguments) })])
        }
        return try results.values.sorted { $0.0 < $1.0 }.map { try $0.1.get() }
    }

    /// The number of inputs a worker says it recorded, or -1 when it says nothing.
    public static func recorded(by worker: CommandRunner.Result) -> Int {
        worker.stdout.split(separator: "\n").first { $0.hasPrefix("worker ") && $0.contains(": recorded ") }
            .flatMap { line in line.range(of: "recorded ").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) ?? -1 } } ?? -1
    }

    /// The report path a worker printed, if it finished the run.
    public static func reportPath(of worker: CommandRunner.Result) -> String? {
        worker.stdout.split(separator: "\n").first { $0.hasPrefix("report: ") }.map { String($0.dropFirst(8)) }
    }

    /// Expects every queued input to have exactly one finding or file error in the run (the
    /// corrupt file an error), the queue to be done, the run finished once and the chain intact.
    public static func expectEachInputRecordedOnce(_ queue: Queue, in ledger: Ledger,
                                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let findings = try ledger.findings(inRun: queue.runID).map(\.finding.queryPath)
        let errors = try ledger.errors(inRun: queue.runID).map(\.path)
        #expect(findings.count + errors.count == inputCount, sourceLocation: sourceLocation)
        #expect(Set(findings + errors) == queue.inputs, sourceLocation: sourceLocation)
        #expect(errors.map { ($0 as NSString).lastPathComponent } == ["broken.jpg"], sourceLocation: sourceLocation)
        #expect(try ledger.queueProgress(runID: queue.runID) == QueueProgress(total: inputCount, done: inputCount, claimed: 0),
                sourceLocation: sourceLocation)
        var completions = 0
        try ledger.exportChain { if $0.kind == .runCompletion && $0.content?.contains(queue.runID) == true { completions += 1 } }
        #expect(completions == 1, "the queued run is finished exactly once", sourceLocation: sourceLocation)
        let verification = try ledger.verifyChain()
        #expect(verification.isIntact, "\(verification.problems)", sourceLocation: sourceLocation)
    }

    /// The 18 sample queries, a copy of one under another name, and a corrupt JPEG.
    private func makeInputs() throws -> URL {
        let generated = Fixtures.sample.appendingPathComponent("generated")
        let inputs = work.appendingPathComponent("inputs").standardizedFileURL
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: generated.path).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            try FileManager.default.copyItem(at: generated.appendingPathComponent(name), to: inputs.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: generated.appendingPathComponent(names[0]), to: inputs.appendingPathComponent("copy-\(names[0])"))
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 1, 2, 3]).write(to: inputs.appendingPathComponent("broken.jpg"))
        let count = try FileManager.default.contentsOfDirectory(atPath: inputs.path).count
        guard count == Self.inputCount else { throw ScenarioError("expected \(Self.inputCount) inputs, made \(count)") }
        return inputs
    }
}
