import Foundation
import Palimpsest

/// Two `palimpsest scan --worker` processes sharing one queue, as two machines would: the
/// sample corpus is added, 20 inputs are queued with `scan --enqueue` (the 18 sample queries,
/// a byte-identical copy of one of them and a corrupt file), and both workers are started
/// at the same moment and run to the end.
///
/// The same scenario runs against a SQLite file and a PostgreSQL database.
public struct TwoWorkerScenario {
    /// What the scenario left behind.
    public struct Outcome {
        /// The queued run.
        public var runID: String
        /// The queued inputs, as absolute paths.
        public var inputs: Set<String>
        /// What `scan --enqueue` printed.
        public var enqueue: CommandRunner.Result
        /// What each worker printed.
        public var workers: [CommandRunner.Result]

        /// The number of inputs each worker says it recorded.
        public var recordedPerWorker: [Int] {
            workers.map { result in
                result.stdout.split(separator: "\n").first { $0.hasPrefix("worker ") }
                    .flatMap { line in line.range(of: "recorded ").map { Int(line[$0.upperBound...].prefix { $0.isNumber }) ?? -1 } } ?? -1
            }
        }

        /// The report paths the workers printed (one expected: the worker that finished the run).
        public var reportPaths: [String] {
            workers.flatMap { $0.stdout.split(separator: "\n").filter { $0.hasPrefix("report: ") }.map { String($0.dropFirst(8)) } }
        }
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

    /// Runs it.
    public func run() throws -> Outcome {
        let add = try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger,
                               Fixtures.sample.appendingPathComponent("corpus").path])
        guard add.status == 0 else { throw ScenarioError("corpus add failed: \(add.stderr)") }

        let inputs = try makeInputs()
        let reports = work.appendingPathComponent("reports").path
        let enqueue = try cli.run(["scan", inputs.path, "--against", "sample", "--ledger", ledger, "--enqueue"])
        guard enqueue.status == 0, let runID = enqueue.stdout.split(separator: "\n").first(where: { $0.hasPrefix("run: ") })?.dropFirst(5) else {
            throw ScenarioError("scan --enqueue failed: \(enqueue.stdout) \(enqueue.stderr)")
        }

        let arguments = ["scan", "--worker", "--run", String(runID), "--ledger", ledger, "--jobs", "1", "--batch", "2", "--report-dir", reports]
        let results = Results(), cli = self.cli
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            results.set(i, Result { try cli.run(arguments) })
        }
        let queued = Set(try FileManager.default.contentsOfDirectory(atPath: inputs.path).map { inputs.appendingPathComponent($0).path })
        return Outcome(runID: String(runID), inputs: queued, enqueue: enqueue, workers: try results.values.map { try $0.get() })
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

    /// The two workers' results, filled in from two threads.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<CommandRunner.Result, any Error>?] = [nil, nil]

        func set(_ i: Int, _ result: Result<CommandRunner.Result, any Error>) {
            lock.withLock { slots[i] = result }
        }

        var values: [Result<CommandRunner.Result, any Error>] { lock.withLock { slots.compactMap { $0 } } }
    }
}

/// A step of a test scenario that failed before there was anything to check.
public struct ScenarioError: Error, CustomStringConvertible {
    /// What failed.
    public var description: String

    /// Describes a failed step.
    public init(_ description: String) { self.description = description }
}
