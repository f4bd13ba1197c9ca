import Foundation
import Palimpsest
import PalimpsestFingerprint
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// References split into shards give the findings of one set: every shard proposes candidates
/// on its own and their proposals merge into what one matcher over all of them proposes.
@Suite("Matching against references split into shards", .serialized)
struct ShardedMatchingTests {
    /// The sample corpus's 30 images and 60 hash-only references (one of them the PDQ hash of
    /// a sample image, the rest random), in a fresh ledger.
    static func sampleLedger() throws -> Ledger {
        let ledger = try Ledger()
        let corpus = Fixtures.sample.appendingPathComponent("corpus")
        let paths = try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map { corpus.appendingPathComponent($0).path }
        _ = try CorpusIngest(ledger: ledger, jobs: 2).add(corpus: "refs", kind: .registry, paths: paths, commandLine: "test")
        let flagged = try ledger.ensureCorpus(named: "flagged", kind: .registry)
        let original = try ImageAnalyzer().analyze(path: Fixtures.samplePath("nasa-05.jpg"))
        var rng = SplitMix64(seed: 11)
        let entries = (0 ..< 60).map { i in
            HashReference(pdq: i == 30 ? original.facts.fingerprints.pdq.hash : Synthetic.bits256(&rng), quality: 100, label: "list.txt:\(i + 1)")
        }
        _ = try ledger.importHashes(entries, intoCorpus: try #require(flagged.id))
        return ledger
    }

    /// Every query's candidates as comparable text: reference, grade, score and every signal.
    static func findings(_ matcher: QueryMatcher, _ queries: [AnalyzedImage]) throws -> [[String]] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try queries.map { query in
            try matcher.match(query, top: 8).candidates.map { c in
                let signals = String(decoding: try encoder.encode(try #require(c.matchSignals)), as: UTF8.self)
                return "\(c.corpus)/\(c.referencePath) \(c.grade) \(c.score) \(signals)"
            }
        }
    }

    @Test("two and three shards give the same candidates, grades, scores and signals as one")
    func shardsGiveTheFindingsOfOne() throws {
        // Given: the sample corpus and a hash list, and the sample's generated queries (copies,
        // crops, image-to-image, pasted parts, unrelated pictures)
        let ledger = try Self.sampleLedger()
        let analyzer = ImageAnalyzer()
        let generated = Fixtures.sample.appendingPathComponent("generated")
        let queries = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted()
            .map { try analyzer.analyze(path: generated.appendingPathComponent($0).path) }
        let configuration = MatchingConfiguration()

        // When they are matched against the references whole and split in two and in three
        let one = try Self.findings(QueryMatcher(ledger: ledger, corpora: ["refs", "flagged"], analyzer: analyzer,
                                                 configuration: configuration), queries)
        let two = try QueryMatcher(ledger: ledger, corpora: ["refs", "flagged"], analyzer: analyzer, configuration: configuration, shards: 2)
        let three = try QueryMatcher(ledger: ledger, corpora: ["refs", "flagged"], analyzer: analyzer, configuration: configuration, shards: 3)

        // Then: the shards hold every reference once, and the findings are the same
        #expect(two.shards.map(\.references.count) == [15, 15])
        #expect(three.shards.map(\.hashReferences.count) == [20, 20, 20])
        #expect(two.referenceCount == 90)
        #expect(try Self.findings(two, queries) == one)
        #expect(try Self.findings(three, queries) == one)
        // and they are findings worth comparing: verified copies, votes and a hash-only match among them
        let all = one.joined().joined(separator: "\n")
        #expect(all.contains("\"alignment\""))
        #expect(all.contains("\"votes\""))
        #expect(one.joined().contains { $0.hasPrefix("flagged/list.txt:31 ") })
    }

    @Test("a shard's proposal relocated to the whole names the references one set names")
    func relocatedProposalsNameTheSameReferences() throws {
        // Given: the sample references whole and in two shards, and a copy of one of them
        let ledger = try Self.sampleLedger()
        let analyzer = ImageAnalyzer()
        let whole = try QueryMatcher(ledger: ledger, corpora: ["refs", "flagged"], analyzer: analyzer, configuration: MatchingConfiguration())
        let split = try QueryMatcher(ledger: ledger, corpora: ["refs", "flagged"], analyzer: analyzer,
                                     configuration: MatchingConfiguration(), shards: 2)
        let query = try analyzer.analyze(path: Fixtures.samplePath("toys-15.png"))

        // When each shard proposes
        var memos = [Proposal.Memo(), Proposal.Memo()]
        let proposals = (0 ..< 2).map { split.proposers[$0].proposal(for: query, top: 5, memo: &memos[$0]) }

        // Then: each proposal's positions are positions of the whole set, and what they name
        // there is what the shard holds
        for (s, proposal) in proposals.enumerated() {
            #expect(!proposal.images.isEmpty)
            for image in proposal.images {
                let local = try #require(split.shards[s].position(inWhole: image.position))
                #expect(whole.shards[0].identity(at: image.position) == split.shards[s].identity(at: local))
            }
        }
    }

    @Test("what a shard proposes reads back from the queue's JSON exactly as it was")
    func shardProposalsRoundTripThroughJSON() throws {
        // Given: the second of two shards' proposal for a query with pasted-looking parts, not a
        // copy, its hashes proposing at any distance so that every field of a proposal is filled
        let ledger = try Self.sampleLedger()
        let analyzer = ImageAnalyzer()
        var configuration = MatchingConfiguration()
        configuration.retrieval.pdqProposalRadius = 256
        configuration.retrieval.phashProposalRadius = 64
        let split = try QueryMatcher(ledger: ledger, corpora: ["refs", "flagged"], analyzer: analyzer,
                                     configuration: configuration, shards: 2)
        let generated = Fixtures.sample.appendingPathComponent("generated")
        let proposals = try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted().map {
            split.proposers[1].shardProposal(for: try analyzer.analyze(path: generated.appendingPathComponent($0).path), top: 5)
        }
        let proposal = try #require(proposals.first { $0.withParts != nil })
        #expect(proposal.whole.images.contains { $0.nearestByPDQ != nil && $0.nearestByPHash != nil && $0.votes != nil })

        // When it is written as the queue writes it and read back
        let read = try JSONCoding.decoder.decode(ShardProposal.self, from: Data(try JSONCoding.string(proposal).utf8))

        // Then nothing is lost or changed
        #expect(read == proposal)
    }

    @Test("shards are refused for a configuration that weighs votes against the corpus")
    func corpusMeasuredBackgroundsRefuseShards() throws {
        // Given: a configuration recorded before the code panel
        let ledger = try Self.sampleLedger()
        var configuration = MatchingConfiguration()
        configuration.retrieval.voteBackground = .corpus

        // When the references are split in two, it is refused; one shard is fine
        #expect(throws: ShardingError.backgroundFromCorpus("local-feature votes")) {
            try QueryMatcher(ledger: ledger, corpora: ["refs"], analyzer: ImageAnalyzer(), configuration: configuration, shards: 2)
        }
        _ = try QueryMatcher(ledger: ledger, corpora: ["refs"], analyzer: ImageAnalyzer(), configuration: configuration, shards: 1)
    }

    @Test("shards split n references into runs that follow one another and differ by at most one")
    func shardPartsTile() throws {
        for n in [0, 1, 5, 90, 1_000_003] {
            for count in [1, 2, 3, 7] {
                let ranges = try (0 ..< count).map { try ShardPart(index: $0, count: count).range(of: n) }
                #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == n)
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                #expect(ranges.map(\.count).max()! - ranges.map(\.count).min()! <= 1)
            }
        }
        #expect(throws: ShardingError.noSuchShard(index: 2, count: 2)) { try ShardPart(index: 2, count: 2) }
    }
}
