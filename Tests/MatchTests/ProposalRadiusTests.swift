import Foundation
import Palimpsest
import PalimpsestFingerprint
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// PDQ and pHash propose only references within their proposal radii, so that a large corpus is
/// searched through multi-indexes; a pair's hash distances still count when another signal
/// proposes it.
@Suite("Proposal radii", .serialized)
struct ProposalRadiusTests {
    static func whole(_ configuration: MatchingConfiguration, _ ledger: Ledger, _ query: AnalyzedImage) throws -> Proposal {
        let matcher = try QueryMatcher(ledger: ledger, corpora: ["refs"], analyzer: ImageAnalyzer(), configuration: configuration)
        return matcher.proposers[0].shardProposal(for: query, top: 5).whole
    }

    @Test("the hashes propose no reference beyond their radii, where recorded runs without radii proposed the nearest at any distance")
    func hashesProposeOnlyWithinTheirRadii() throws {
        // Given the sample corpus and a generated picture that copies none of it
        let ledger = try ShardedMatchingTests.sampleLedger()
        let generated = Fixtures.sample.appendingPathComponent("generated")
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: generated.path).sorted().first)
        let query = try ImageAnalyzer().analyze(path: generated.appendingPathComponent(name).path)
        var unbounded = MatchingConfiguration()
        unbounded.retrieval.pdqProposalRadius = 256
        unbounded.retrieval.phashProposalRadius = 64

        // When proposed with the standard radii and without
        let bounded = try Self.whole(MatchingConfiguration(), ledger, query)
        let anyDistance = try Self.whole(unbounded, ledger, query)

        // Then the hashes propose only what lies within their radii, and without radii their nearest 16
        #expect(bounded.images.allSatisfy { ($0.nearestByPDQ ?? 0) <= 31 && ($0.nearestByPHash ?? 0) <= 10 })
        #expect(anyDistance.images.filter { $0.nearestByPDQ != nil }.count == 16)
        #expect(anyDistance.images.contains { ($0.nearestByPDQ ?? 0) > 31 })
    }

    @Test("with the references' embeddings filed in cells, an exact copy's source is still proposed by its embedding")
    func embeddingCellsProposeTheSource() throws {
        let ledger = try ShardedMatchingTests.sampleLedger()
        let query = try ImageAnalyzer().analyze(path: Fixtures.samplePath("nasa-05.jpg"))
        var configuration = MatchingConfiguration()
        configuration.retrieval.embeddingListing.minimumCount = 10
        configuration.retrieval.embeddingListing.probes = 2
        let proposal = try Self.whole(configuration, ledger, query)
        let proposedByEmbedding = proposal.images.filter { $0.nearestByEmbedding != nil }
        #expect(proposedByEmbedding.contains { $0.nearestByPDQ == 0 && ($0.nearestByEmbedding ?? 0) > 0.999 })
        // Two cells of the sample's few are probed, not every embedding.
        #expect(proposedByEmbedding.count < 16)
    }

    @Test("an exact copy is proposed by both hashes within their radii")
    func exactCopyIsProposedByBothHashes() throws {
        let ledger = try ShardedMatchingTests.sampleLedger()
        let query = try ImageAnalyzer().analyze(path: Fixtures.samplePath("nasa-05.jpg"))
        let proposal = try Self.whole(MatchingConfiguration(), ledger, query)
        #expect(proposal.images.contains { $0.nearestByPDQ == 0 && $0.nearestByPHash == 0 })
    }
}
