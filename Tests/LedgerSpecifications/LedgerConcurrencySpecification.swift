import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestJobs
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// What the ledger promises when several processes write to it at once, checked the same way
/// on a SQLite file and on a PostgreSQL database. Each check opens the ledger several times,
/// as separate workers would, through `open`.
public struct LedgerConcurrencySpecification: Sendable {
    let open: @Sendable () throws -> Ledger

    /// A specification for the ledger that `open` opens (each call a new connection).
    public init(open: @escaping @Sendable () throws -> Ledger) {
        self.open = open
    }

    /// An input whose lease ran out is claimed again; the new holder's result is recorded and
    /// the old holder's is refused; the run is finished once, when every input is done.
    public func leaseTakeover() throws {
        // Given a queued run of two inputs, whose first input worker A claimed for a moment
        let ledger = try open()
        let (runID, reference) = try Self.queuedRun(ledger, paths: ["/shared/a.png", "/shared/b.png"])
        let first = try ledger.claim(runID: runID, worker: "A", limit: 1, lease: 0.05)
        try #require(first.map(\.path) == ["/shared/a.png"])
        Thread.sleep(forTimeInterval: 0.3)

        // When worker B claims after A's lease ran out, and both finish the input
        let second = try open().claim(runID: runID, worker: "B", limit: 5, lease: 600)
        let byB = try ledger.complete(second[0], finding: Self.finding(runID, second[0].path, reference, seed: 1))
        let byA = try ledger.complete(first[0], finding: Self.finding(runID, first[0].path, reference, seed: 2))

        // Then B holds both inputs, only B's result for the first is recorded, and the run is
        // finished once, after its last input
        #expect(second.map(\.path) == ["/shared/a.png", "/shared/b.png"])
        #expect((byB, byA) == (.recorded, .takenOver))
        #expect(try ledger.finishQueuedRun(runID: runID) == false)
        let error = FileErrorRecord(runId: runID, path: second[1].path, kind: "corrupt", message: "m", createdAt: "now")
        #expect(try ledger.complete(second[1], error: error) == .recorded)
        #expect(try ledger.finishQueuedRun(runID: runID) == true)
        #expect(try ledger.finishQueuedRun(runID: runID) == false)
        #expect(try ledger.findings(inRun: runID).map(\.finding.queryPath) == ["/shared/a.png"])
        #expect(try ledger.errors(inRun: runID).map(\.path) == ["/shared/b.png"])
        #expect(try ledger.queueProgress(runID: runID) == QueueProgress(total: 2, done: 2, claimed: 0))
        #expect(try ledger.verifyChain(checkReportFiles: false).isIntact)
    }

    /// Workers claiming from one queue at once never get the same input, and between them get all.
    public func claimsAreDisjoint(workers: Int = 4, inputs: Int = 60) throws {
        // Given a queue of `inputs` inputs
        let ledger = try open()
        let paths = (0 ..< inputs).map { "/shared/q\($0).png" }
        let (runID, _) = try Self.queuedRun(ledger, paths: paths)

        // When `workers` workers, each with its own connection, claim three at a time until none is left
        let claimed = Collected<QueueClaim>()
        try Self.concurrently(workers) { worker in
            let mine = try open()
            while true {
                let claims = try mine.claim(runID: runID, worker: "w\(worker)", limit: 3, lease: 600)
                if claims.isEmpty { return }
                claimed.append(claims)
            }
        }

        // Then every input was claimed exactly once
        let claimedPaths = claimed.values.map(\.path)
        #expect(claimedPaths.count == inputs)
        #expect(Set(claimedPaths) == Set(paths))
        #expect(try ledger.queueProgress(runID: runID) == QueueProgress(total: inputs, done: 0, claimed: inputs))
    }

    /// Findings recorded at the same moment through many connections make one linear chain.
    public func concurrentAppendsStayLinear(writers: Int = 4, findingsEach: Int = 8) throws {
        // Given a run
        let ledger = try open()
        let (runID, reference) = try Self.queuedRun(ledger, paths: [])

        // When several writers record findings at once
        try Self.concurrently(writers) { writer in
            let mine = try open()
            for i in 0 ..< findingsEach {
                try mine.record(Self.finding(runID, "/shared/w\(writer)-\(i).png", reference, seed: UInt64(100 * writer + i + 10)))
            }
        }

        // Then the chain holds one entry per finding after the run's, each linked to the one before
        let result = try ledger.verifyChain(checkReportFiles: false)
        #expect(result.isIntact, "\(result.problems)")
        #expect(result.entryCount == 1 + writers * findingsEach)
        #expect(try ledger.findings(inRun: runID).count == writers * findingsEach)
    }

    // MARK: Fixtures

    /// A corpus with one reference, and a begun run whose queue holds `paths`.
    private static func queuedRun(_ ledger: Ledger, paths: [String]) throws -> (runID: String, reference: StoredReference) {
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)
        _ = try ledger.add(facts("ref", seed: 1), toCorpus: corpus.id!, path: "/shared/ref.png")
        let reference = try #require(try ledger.references(inCorpora: ["c"]).first)
        let runID = RunIdentifier.make()
        try ledger.begin(RunRecord(id: runID, command: "scan", commandLine: "scan --enqueue", toolVersion: "t", startedAt: Ledger.timestamp()))
        try ledger.enqueue(paths: paths, runID: runID, top: 5)
        return (runID, reference)
    }

    private static func facts(_ sha: String, seed: UInt64) -> ImageFacts {
        var rng = SplitMix64(seed: seed)
        return ImageFacts(format: .png, width: 10, height: 10, fileSize: 100, fingerprints: Synthetic.fingerprints(sha256: sha, &rng))
    }

    private static func finding(_ runID: String, _ path: String, _ reference: StoredReference, seed: UInt64) -> FindingDraft {
        var signals = Signals()
        signals.pdqDistance = 4
        let candidate = CandidateDraft(referenceImageID: reference.imageID, corpus: "c", referencePath: reference.path,
                                       score: 0.9, grade: .nearDuplicate, signals: signals)
        return FindingDraft(runID: runID, queryPath: path, query: facts("query-\(seed)", seed: seed), candidates: [candidate])
    }

    /// Runs `body` on `count` threads at once and rethrows the first error.
    private static func concurrently(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
        let errors = Collected<String>()
        DispatchQueue.concurrentPerform(iterations: count) { i in
            do { try body(i) } catch { errors.append(["\(error)"]) }
        }
        if let first = errors.values.first { throw ScenarioError(first) }
    }
}

/// Values appended from several threads.
public final class Collected<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Value] = []

    /// An empty collection.
    public init() {}

    /// Appends values.
    public func append(_ values: [Value]) { lock.withLock { stored += values } }

    /// Everything appended so far, in order.
    public var values: [Value] { lock.withLock { stored } }
}
