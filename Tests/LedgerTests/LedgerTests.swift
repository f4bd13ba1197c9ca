import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

@Suite("Ledger")
struct LedgerTests {
    private func facts(_ sha: String, seed: UInt64) -> ImageFacts {
        var rng = SplitMix64(seed: seed)
        return ImageFacts(format: .png, width: 10, height: 10, fileSize: 100, fingerprints: Synthetic.fingerprints(sha256: sha, &rng))
    }

    @Test("a new ledger has every migration applied")
    func migrationsApplied() throws {
        let ledger = try Ledger()
        #expect(try ledger.appliedMigrations() == Ledger.migrationNames)
        #expect(Ledger.migrationNames.prefix(3) == ["v1-initial", "v2-local-features", "v3-append-only-chain"])
    }

    @Test("a file ledger is created on disk in WAL mode and reopens with its data")
    func fileLedgerPersists() throws {
        let dir = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("l.sqlite").path
        _ = try Ledger(path: path).ensureCorpus(named: "art", kind: .artist)

        let reopened = try Ledger(path: path)

        #expect(try reopened.corpus(named: "art")?.kind == .artist)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a ledger checkpointed when asked keeps its commits in the log, past SQLite's 1,000 pages, until checkpoint() moves them")
    func checkpointsWhenAsked() throws {
        let dir = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("l.sqlite").path
        func size(_ file: String) throws -> Int { try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0 }
        // Given a new ledger whose commits never checkpoint
        let ledger = try Ledger(location: .file(path), checkpoints: .whenAsked)
        let before = try size(path)
        // When it records more than SQLite's automatic checkpoint would let the log hold
        var rng = SplitMix64(seed: 7)
        let hashes = (0 ..< 40_000).map { HashReference(pdq: Synthetic.bits256(&rng), quality: 90, label: "h\($0)") }
        let corpus = try ledger.ensureCorpus(named: "list", kind: .registry)
        _ = try ledger.importHashes(hashes, intoCorpus: try #require(corpus.id), batchSize: 1_000)
        // Then the file has not grown: the log holds it all, until a checkpoint moves it in
        #expect(try size(path + "-wal") > 4_096 * 1_000)
        #expect(try size(path) == before)
        try ledger.checkpoint()
        #expect(try size(path) > 4_096 * 1_000)
        #expect(try Ledger(path: path).hashList(ofCorpus: "list").count == hashes.count)
    }

    @Test("ensureCorpus returns the existing corpus and refuses another kind")
    func ensureCorpusIsIdempotent() throws {
        let ledger = try Ledger()
        let first = try ledger.ensureCorpus(named: "art", kind: .artist)
        let second = try ledger.ensureCorpus(named: "art", kind: .artist)

        #expect(first.id == second.id)
        #expect(throws: LedgerError.corpusKindMismatch(name: "art", existing: "artist", requested: "training")) {
            try ledger.ensureCorpus(named: "art", kind: .training)
        }
    }

    @Test("adding the same image twice keeps one membership")
    func addingTwiceKeepsOneMembership() throws {
        let ledger = try Ledger()
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)

        let first = try ledger.add(facts("aa", seed: 1), toCorpus: corpus.id!, path: "a.png")
        let second = try ledger.add(facts("aa", seed: 1), toCorpus: corpus.id!, path: "copy-of-a.png")

        #expect(first == .added)
        #expect(second == .alreadyPresent)
        #expect(try ledger.corpusSummaries().first?.imageCount == 1)
        #expect(try ledger.references(inCorpora: ["c"]).map(\.path) == ["a.png"])
    }

    @Test("an image in two scanned corpora appears once among the references")
    func sharedImageAppearsOnce() throws {
        let ledger = try Ledger()
        let a = try ledger.ensureCorpus(named: "a", kind: .training)
        let b = try ledger.ensureCorpus(named: "b", kind: .registry)
        _ = try ledger.add(facts("aa", seed: 1), toCorpus: a.id!, path: "x.png")
        _ = try ledger.addMember(corpusID: b.id!, sha256: "aa", path: "y.png")

        let refs = try ledger.references(inCorpora: ["a", "b"])

        #expect(refs.count == 1)
        #expect(refs.first?.corpus == "a")
    }

    @Test("stored fingerprints read back identical")
    func fingerprintsRoundTrip() throws {
        let ledger = try Ledger()
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)
        let image = facts("bb", seed: 7)
        _ = try ledger.add(image, toCorpus: corpus.id!, path: "b.png")

        let ref = try #require(try ledger.references(inCorpora: ["c"]).first)

        #expect(ref.pdq == image.fingerprints.pdq.hash)
        #expect(ref.hashCodes == image.hashCodes && ref.hashCodes.count == PerceptualHashes.all.count)
        #expect(ref.embedding == image.fingerprints.embedding)
        #expect(ref.pixelDigest == image.fingerprints.pixelDigest)
    }

    @Test("an image added again gains the codes of hashes registered since, keeping the others")
    func readdingFillsInNewHashes() throws {
        let ledger = try Ledger()
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)
        let complete = facts("cc", seed: 9)
        var older = complete
        older.hashCodes["dhash_vertical"] = nil
        older.hashCodes["phash"] = HashCode(hex: "0000000000000001")
        _ = try ledger.add(older, toCorpus: corpus.id!, path: "c.png")

        _ = try ledger.add(complete, toCorpus: corpus.id!, path: "c.png")

        let ref = try #require(try ledger.references(inCorpora: ["c"]).first)
        #expect(ref.hashCodes["dhash_vertical"] == complete.hashCodes["dhash_vertical"])
        #expect(ref.hashCodes["phash"] == HashCode(hex: "0000000000000001"))
    }

    @Test("removing a corpus keeps its images for past findings")
    func removeCorpusKeepsImages() throws {
        let ledger = try Ledger()
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)
        _ = try ledger.add(facts("cc", seed: 3), toCorpus: corpus.id!, path: "c.png")

        try ledger.removeCorpus(named: "c")

        #expect(try ledger.corpus(named: "c") == nil)
        #expect(try ledger.hasImage(sha256: "cc"))
        #expect(throws: LedgerError.unknownCorpus("c")) { try ledger.removeCorpus(named: "c") }
    }

    @Test("recording the same query twice in a run keeps one finding")
    func findingRecordedOnce() throws {
        let ledger = try Ledger()
        try ledger.begin(RunRecord(id: "r1", command: "scan", commandLine: "scan", toolVersion: "t", startedAt: "now"))
        let draft = FindingDraft(runID: "r1", queryPath: "q.png", query: facts("dd", seed: 4), candidates: [])

        let first = try ledger.record(draft)
        let second = try ledger.record(draft)

        #expect(first == second)
        #expect(try ledger.findings(inRun: "r1").count == 1)
        #expect(try ledger.processedPaths(inRun: "r1") == ["q.png"])
    }

    @Test("a finding stores its candidates in rank order with their signals")
    func candidatesStoredInOrder() throws {
        let ledger = try Ledger()
        let corpus = try ledger.ensureCorpus(named: "c", kind: .training)
        _ = try ledger.add(facts("r1", seed: 5), toCorpus: corpus.id!, path: "r1.png")
        _ = try ledger.add(facts("r2", seed: 6), toCorpus: corpus.id!, path: "r2.png")
        let refs = try ledger.references(inCorpora: ["c"])
        try ledger.begin(RunRecord(id: "run", command: "scan", commandLine: "scan", toolVersion: "t", startedAt: "now"))
        var signals = Signals()
        signals.pdqDistance = 12
        let candidates = refs.enumerated().map { i, r in
            CandidateDraft(referenceImageID: r.imageID, corpus: "c", referencePath: r.path, score: 0.9 - Double(i) * 0.5,
                           grade: i == 0 ? .nearDuplicate : .none, signals: signals)
        }
        try ledger.record(FindingDraft(runID: "run", queryPath: "q.png", query: facts("q", seed: 8), candidates: candidates))

        let stored = try #require(try ledger.findings(inRun: "run").first)

        #expect(stored.candidates.map(\.candidate.rank) == [1, 2])
        #expect(stored.finding.bestGrade == "near-duplicate")
        #expect(stored.candidates.first?.candidate.signals.contains("\"pdq_distance\":12") == true)
    }

    @Test("errors are recorded once per path and run")
    func errorsRecordedOnce() throws {
        let ledger = try Ledger()
        try ledger.begin(RunRecord(id: "r", command: "scan", commandLine: "scan", toolVersion: "t", startedAt: "now"))
        let error = FileErrorRecord(runId: "r", path: "bad.jpg", kind: "corrupt", message: "m", createdAt: "now")

        try ledger.record(error)
        try ledger.record(error)

        #expect(try ledger.errors(inRun: "r").count == 1)
    }
}
