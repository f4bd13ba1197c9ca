import Foundation
import Palimpsest
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// A corpus's persistent index: written by `corpus add`, opened by a scan instead of coding and
/// listing every reference again, detected as stale when it no longer covers the corpus.
@Suite("Persistent corpus indexes")
struct CorpusIndexTests {
    /// A SQLite ledger in a fresh folder with the first `count` sample references in corpus "refs".
    static func ledger(adding count: Int = 4) throws -> (ledger: Ledger, store: CorpusIndexStore, paths: [String]) {
        let folder = try Synthetic.temporaryDirectory()
        let ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        let paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: Array(paths.prefix(count)),
                                                         commandLine: "test")
        return (ledger, try #require(CorpusIndexStore(ledger: ledger)), paths)
    }

    /// A query that shares features with the second sample reference: a crop of it.
    static func query() throws -> LocalFeatures {
        let reference = try RasterTransforms.sample(Fixtures.sampleReferences[1])
        return LocalFeatureExtractor().extract(RasterTransforms.cropped(reference, x: 10, y: 10, width: reference.width / 2,
                                                                       height: reference.height / 2))
    }

    /// The candidates a reference set's local-feature vote finds for the query, by image id.
    static func votes(_ set: ReferenceSet) throws -> [Int64: Float] {
        let found = set.localIndex.search(try query(), limit: 10)
        return Dictionary(uniqueKeysWithValues: found.map { (set.references[$0.position].imageID, $0.votes) })
    }

    @Test("corpus add writes an index that covers the corpus, and a load opens it")
    func corpusAddWritesAnIndexALoadOpens() throws {
        let (ledger, store, _) = try Self.ledger()
        #expect(try store.state(ofCorpus: "refs", in: ledger) == .fresh(segments: 1, references: 4))
        let set = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        #expect(set.indexStates.map(\.state) == [.fresh(segments: 1, references: 4)])
    }

    @Test("the opened index votes exactly as the corpus indexed from the ledger's features")
    func openedIndexVotesAsTheLedgerIndexed() throws {
        let (ledger, _, _) = try Self.ledger()
        let opened = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        let rebuilt = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder(), listing: .init(), indexes: nil)
        #expect(rebuilt.indexStates.map(\.state) == [.missing])
        let votes = try Self.votes(opened)
        #expect(!votes.isEmpty)
        #expect(votes == (try Self.votes(rebuilt)))
    }

    @Test("each later corpus add appends a segment; compact merges them into one")
    func addsAppendSegmentsCompactMergesThem() throws {
        let (ledger, store, paths) = try Self.ledger(adding: 2)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: [paths[2]], commandLine: "test")
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: [paths[3]], commandLine: "test")
        #expect(try store.state(ofCorpus: "refs", in: ledger) == .fresh(segments: 3, references: 4))
        let segmented = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        #expect(segmented.localIndex.runCount == 3)

        let update = try store.compact(corpus: "refs", ledger: ledger)
        #expect(update == IndexUpdate(written: 1, references: 4, segments: 1))
        #expect(store.segmentPaths(ofCorpus: "refs").count == 1)
        let compacted = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        #expect(compacted.localIndex.runCount == 1)
        // One segment in image order, listed afresh: what indexing from the ledger makes.
        let rebuilt = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder(), listing: .init(), indexes: nil)
        #expect(!(try Self.votes(compacted)).isEmpty)
        #expect(try Self.votes(compacted) == Self.votes(rebuilt))
    }

    @Test("compact --segment-size writes segments of at most that many, which shards take whole")
    func compactWritesSegmentsShardsTakeWhole() throws {
        // Given: six references in one segment
        let (ledger, store, _) = try Self.ledger(adding: 6)
        let whole = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())

        // When it is compacted into segments of at most 4
        let update = try store.compact(corpus: "refs", ledger: ledger, segmentSize: 4)

        // Then: two segments, 4 and 2, the index fresh; shard 1 of 2 holds the first whole, shard
        // 2 the second, each opened from its segment; their votes are the whole's
        #expect(update == IndexUpdate(written: 2, references: 6, segments: 2))
        #expect(try store.state(ofCorpus: "refs", in: ledger) == .fresh(segments: 2, references: 6))
        let shards = try (0 ..< 2).map {
            try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder(), part: ShardPart(index: $0, count: 2))
        }
        #expect(shards.map(\.references.count) == [4, 2])
        #expect(shards.map { $0.indexStates.map(\.state) } == [[.fresh(segments: 1, references: 4)], [.fresh(segments: 1, references: 2)]])
        let resegmented = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        let shardVotes = try shards.map(Self.panelVotes).reduce(into: [Int64: Float]()) { $0.merge($1) { a, _ in a } }
        #expect(!shardVotes.isEmpty)
        #expect(shardVotes == (try Self.panelVotes(resegmented)))
        #expect(try Self.panelVotes(resegmented) == Self.panelVotes(whole))
    }

    /// The votes the crop query gives each reference of `set` weighed against the code panel,
    /// as a scan weighs them (they depend on nothing else the set holds).
    static func panelVotes(_ set: ReferenceSet) throws -> [Int64: Float] {
        let retrieval = MatchingConfiguration().retrieval
        let panel = try #require(try retrieval.voteBackground.resolvedPanel()).index
        var memo = LocalFeatureIndex.Memo()
        let found = set.localIndex.search(try query(), limit: 10, settings: retrieval.localFeatures, panel: panel, memo: &memo)
        return Dictionary(uniqueKeysWithValues: found.map { (set.references[$0.position].imageID, $0.votes) })
    }

    @Test("references added without the index are detected: the load says stale, indexes from the ledger, and votes the same")
    func referencesAddedBehindTheIndexAreDetected() throws {
        let (ledger, store, paths) = try Self.ledger(adding: 3)
        let folder = store.folder(ofCorpus: "refs"), saved = folder + ".saved"
        try FileManager.default.copyItem(atPath: folder, toPath: saved)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: [paths[3]], commandLine: "test")
        try FileManager.default.removeItem(atPath: folder)
        try FileManager.default.moveItem(atPath: saved, toPath: folder)

        #expect(try store.state(ofCorpus: "refs", in: ledger) == .stale("1 reference added since"))
        let set = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        #expect(set.indexStates.map(\.state) == [.stale("1 reference added since")])
        let rebuilt = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder(), listing: .init(), indexes: nil)
        #expect(try Self.votes(set) == Self.votes(rebuilt))

        try store.reindex(corpus: "refs", ledger: ledger)
        #expect(try store.state(ofCorpus: "refs", in: ledger) == .fresh(segments: 1, references: 4))
    }

    @Test("a corrupt segment is reported as such and the corpus is indexed from the ledger")
    func corruptSegmentIsReportedAndBypassed() throws {
        let (ledger, store, _) = try Self.ledger()
        let path = try #require(store.segmentPaths(ofCorpus: "refs").first)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: path))

        let set = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())
        #expect(set.indexStates.map(\.state) == [.stale(IndexFileError.checksumMismatch(path: path).description)])
        #expect(!(try Self.votes(set)).isEmpty)
    }

    @Test("an image in two corpora is indexed once, with the first corpus named")
    func imageInTwoCorporaIsIndexedOnce() throws {
        let (ledger, _, paths) = try Self.ledger(adding: 3)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "more", kind: .registry, paths: [paths[1], paths[4]], commandLine: "test")
        let set = try ReferenceSet(ledger: ledger, corpora: ["refs", "more"], embedder: LayoutEmbedder())
        #expect(set.indexStates.map(\.state) == [.fresh(segments: 1, references: 3), .overlapping(1)])
        #expect(set.references.count == 4)
        let rebuilt = try ReferenceSet(ledger: ledger, corpora: ["refs", "more"], embedder: LayoutEmbedder(), listing: .init(), indexes: nil)
        #expect(try Self.votes(set) == Self.votes(rebuilt))
    }

    @Test("a corpus without image files has nothing to index, and loads as such")
    func corpusWithoutImagesHasNothingToIndex() throws {
        let (ledger, store, _) = try Self.ledger(adding: 1)
        _ = try ledger.ensureCorpus(named: "hashes-only", kind: .registry)
        #expect(try store.state(ofCorpus: "hashes-only", in: ledger).description == "nothing to index (no image files)")
        let set = try ReferenceSet(ledger: ledger, corpora: ["refs", "hashes-only"], embedder: LayoutEmbedder())
        #expect(set.indexStates.map(\.state) == [.fresh(segments: 1, references: 1), .fresh(segments: 0, references: 0)])
    }

    @Test("a removed corpus's index is deleted with it")
    func removedCorpusLosesItsIndex() throws {
        let (ledger, store, _) = try Self.ledger(adding: 1)
        #expect(FileManager.default.fileExists(atPath: store.folder(ofCorpus: "refs")))
        try ledger.removeCorpus(named: "refs")
        store.remove(corpus: "refs")
        #expect(!FileManager.default.fileExists(atPath: store.folder(ofCorpus: "refs")))
    }

    @Test("corpus names map to one safe folder each")
    func corpusNamesMapToSafeFolders() {
        let store = CorpusIndexStore(directory: "/x")
        #expect(store.folder(ofCorpus: "bench-refs_2.0") == "/x/corpus-bench-refs_2.0")
        #expect(store.folder(ofCorpus: "../etc") == "/x/corpus-x2e2e2f657463")
        #expect(store.folder(ofCorpus: "絵") == "/x/corpus-xe7b5b5")
    }
}
