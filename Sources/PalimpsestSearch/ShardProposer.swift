import PalimpsestCore
import PalimpsestLedger
import PalimpsestFingerprint
import PalimpsestMatch

/// One shard's references and what proposes candidates from them (``Proposal``): what a
/// worker of a sharded run holds, and what ``QueryMatcher`` holds one of per shard.
///
/// ```swift
/// let shard = try ReferenceSet(ledger: ledger, corpora: ["paintings"], embedder: analyzer.fingerprinter.embedder,
///                              part: ShardPart(index: 0, count: 4))
/// let proposer = try ShardProposer(ledger: ledger, references: shard, configuration: configuration, analyzer: analyzer)
/// let recorded = proposer.shardProposal(for: try analyzer.analyze(path: "out.png"), top: 5)
/// ```
public struct ShardProposer: Sendable {
    /// The shard's references.
    public let references: ReferenceSet
    /// Proposes from them.
    public let matcher: Matcher
    private let initImages: InitImageEvidence
    private let analyzer: ImageAnalyzer

    /// Prepares proposing from `references` (a shard, or the whole set).
    ///
    /// - Throws: ``ShardingError/backgroundFromCorpus(_:)`` for a shard of several when the
    ///   configuration measures a background from the corpus; as ``MatchingConfiguration/validate()``;
    ///   a ledger error when the references' pixel MD5s cannot be read.
    public init(ledger: Ledger, references: ReferenceSet, configuration: MatchingConfiguration, analyzer: ImageAnalyzer) throws {
        try configuration.validate()
        try configuration.validate(shards: references.part.count)
        self.references = references
        matcher = references.matcher(scorer: Scorer(configuration: configuration))
        initImages = try InitImageEvidence(ledger: ledger, shards: [references])
        self.analyzer = analyzer
    }

    /// What the shard proposes for `query` (with the features and parts it has), its positions
    /// those of the whole set.
    ///
    /// - Parameter memo: empty, or filled by an earlier call for the same query with fewer features.
    public func proposal(for query: AnalyzedImage, top: Int, memo: inout Proposal.Memo) -> Proposal {
        let set = references
        return matcher.propose(for: query.facts.fingerprints, features: query.features, regions: query.regions, limit: top,
                               details: { set.details(at: $0) }, memo: &memo)
            .relocated { set.positionInWhole($0) }
    }

    /// The positions (in the whole set) of the shard's references the query's init image hash names.
    public func named(by query: AnalyzedImage) -> [Int] {
        initImages.positions(for: query.metadata)
    }

    /// The hash signals of `query` against the reference at `position` of the whole set, which
    /// the shard holds.
    public func hashSignals(for query: AnalyzedImage, at position: Int) -> Signals {
        let local = references.position(inWhole: position)!
        return matcher.hashSignals(for: query.facts.fingerprints, at: local, details: references.details(at: local))
    }

    /// What the shard proposes for `query` as a sharded queue records it: for the whole image,
    /// and (when it has pasted-looking parts) for the image with its parts described, with
    /// who every reference proposed is and those the query's init image hash names.
    public func shardProposal(for query: AnalyzedImage, top: Int) -> ShardProposal {
        var memo = Proposal.Memo()
        var out = ShardProposal(whole: proposal(for: query, top: top, memo: &memo))
        let withParts = analyzer.describingPastedParts(of: query, proposer: matcher.scorer.configuration.regions)
        if !withParts.regions.isEmpty { out.withParts = proposal(for: withParts, top: top, memo: &memo) }
        out.named = named(by: query).map { ProposedHashOnly(position: $0, signals: hashSignals(for: query, at: $0)) }
        let proposals = [out.whole] + (out.withParts.map { [$0] } ?? [])
        let positions = Set(proposals.flatMap { $0.images.map(\.position) + $0.hashOnly.map(\.position) } + out.named.map(\.position))
        out.references = positions.sorted().map { position in
            let local = references.position(inWhole: position)!
            return ProposedReference(position: position, identity: references.identity(at: local),
                                     hasFile: !references.isHashOnly(at: local))
        }
        return out
    }
}
