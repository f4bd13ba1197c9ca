import Foundation
import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestLedger

/// The outcome of `corpus add`.
public struct IngestSummary: Sendable {
    /// The run that recorded it.
    public var runID: String
    /// Image files found.
    public var files = 0
    /// Images newly added to the corpus.
    public var added = 0
    /// Images the corpus already held (same SHA-256).
    public var alreadyPresent = 0
    /// Files that failed, with their errors (also recorded in the ledger).
    public var failures: [FileErrorRecord] = []
    /// What was written to the corpus's persistent index (`nil` for a ledger that keeps none).
    public var index: IndexUpdate?
    /// Why the persistent index could not be written, if it could not: scans then index the
    /// corpus from the ledger, and `corpus reindex` writes it.
    public var indexProblem: String?
}

/// Adds image files to a reference corpus: recursively, in parallel, deduplicated by SHA-256.
/// Re-running it fingerprints only files whose bytes the ledger has never seen.
public struct CorpusIngest: Sendable {
    /// Where corpora are recorded.
    public let ledger: Ledger
    /// Decodes and fingerprints.
    public let analyzer: ImageAnalyzer
    /// Threads to use.
    public let jobs: Int

    /// Creates an ingest job.
    public init(ledger: Ledger, analyzer: ImageAnalyzer = ImageAnalyzer(), jobs: Int = OrderedParallel.cores) {
        self.ledger = ledger
        self.analyzer = analyzer
        self.jobs = jobs
    }

    private enum Outcome: Sendable {
        case known(sha256: String, backfill: PixelMD5?)
        case analyzed(AnalyzedImage)
        case failed(DecodeError)
    }

    /// Adds everything under `paths` to corpus `name`, creating it with `kind` if needed. Members
    /// are recorded by absolute path.
    public func add(corpus name: String, kind: CorpusKind, paths: [String], commandLine: String,
                    progress: (_ completed: Int, _ total: Int) -> Void = { _, _ in }) throws -> IngestSummary {
        let corpus = try ledger.ensureCorpus(named: name, kind: kind)
        let runID = RunIdentifier.make()
        try ledger.begin(RunRecord(id: runID, command: "corpus-add", commandLine: commandLine,
                                   toolVersion: PalimpsestVersion.current, startedAt: Ledger.timestamp(),
                                   algorithms: try analyzer.algorithmsJSON(),
                                   corpora: try JSONCoding.string([name])))
        var summary = IngestSummary(runID: runID)
        let (found, unreadable) = InputWalker.expand(paths)
        // References are read again when candidates are verified and evidence is made, from
        // wherever the ledger is used.
        let files = found.map(InputWalker.absolute)
        summary.files = files.count
        for (path, error) in unreadable { try recordFailure(path, error, runID, &summary) }

        var completed = 0
        progress(0, files.count)
        let analyzer = self.analyzer, ledger = self.ledger
        var firstError: (any Error)?
        OrderedParallel.run(files, jobs: jobs, work: { path -> Outcome in
            do throws(DecodeError) {
                let bytes = try ImageDecoder.readFile(path, limit: analyzer.options.decode.maxFileBytes)
                let sha = Digest.sha256Hex(bytes)
                if (try? ledger.hasImage(sha256: sha)) == true {
                    let lacks = (try? ledger.lacksPixelMD5(sha256: sha, maxPixels: PixelMD5Hasher.maxPixels)) == true
                    return .known(sha256: sha, backfill: lacks ? PixelMD5Hasher.digest(fileBytes: bytes, decode: analyzer.options.decode) : nil)
                }
                var image = try analyzer.analyze(bytes: bytes, path: path)
                image.facts.pixelMD5 = PixelMD5Hasher.digest(of: image, fileBytes: bytes, decode: analyzer.options.decode)
                return .analyzed(image)
            } catch {
                return .failed(error)
            }
        }, emit: { i, outcome in
            completed += 1
            progress(completed, files.count)
            guard firstError == nil else { return }
            do {
                let membership: MembershipOutcome
                switch outcome {
                case let .known(sha, backfill):
                    if let backfill { try ledger.record(backfill, forImageWithSHA256: sha) }
                    membership = try ledger.addMember(corpusID: corpus.id!, sha256: sha, path: files[i])
                case let .analyzed(image):
                    membership = try ledger.add(image.facts, toCorpus: corpus.id!, path: files[i])
                case let .failed(error):
                    try recordFailure(files[i], error, runID, &summary)
                    return
                }
                if membership == .added { summary.added += 1 } else { summary.alreadyPresent += 1 }
            } catch {
                firstError = error
            }
        })
        if let firstError { throw firstError }
        try ledger.finishRun(id: runID)
        if let store = CorpusIndexStore(ledger: ledger) {
            do {
                summary.index = try store.update(corpus: name, ledger: ledger)
            } catch {
                summary.indexProblem = "\(error)"
            }
        }
        return summary
    }

    private func recordFailure(_ path: String, _ error: DecodeError, _ runID: String, _ summary: inout IngestSummary) throws {
        let record = FileErrorRecord(runID: runID, path: path, error: error)
        try ledger.record(record)
        summary.failures.append(record)
    }
}
