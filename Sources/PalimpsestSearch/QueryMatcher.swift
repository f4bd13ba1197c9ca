import PalimpsestCore
import PalimpsestDecode
import PalimpsestLedger
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestMatch

/// Matches analyzed query images against a ``ReferenceSet`` the way `scan` does: candidates
/// from every signal, verification of the most promising against the references' pixels, the
/// init-image-hash rule, and the graded candidates ready to record.
///
/// A query whose whole image is not an exact or near-duplicate copy is matched again with the
/// parts of it that look pasted in described on their own
/// (``ImageAnalyzer/describingPastedParts(of:proposer:)``), so that pasted parts of references are
/// found. A copy is not searched for parts of other references: that would cost most checks
/// several times their time for what a copy already shows.
///
/// `scan` builds one per run; `serve` keeps one per loaded set of corpora and shares it
/// between concurrent requests.
///
/// ```swift
/// let references = try ReferenceSet(ledger: ledger, corpora: ["paintings"], embedder: analyzer.fingerprinter.embedder)
/// let matcher = try QueryMatcher(ledger: ledger, references: references, configuration: MatchingConfiguration(), analyzer: analyzer)
/// let candidates = matcher.match(try analyzer.analyze(path: "out.png"), top: 5).candidates
/// ```
public struct QueryMatcher: Sendable {
    /// What proposes candidates from each shard of the references (one unless they were split), in order.
    public let proposers: [ShardProposer]
    private let views: [ReferenceViews]
    private let analyzer: ImageAnalyzer

    /// The references matched against, shard by shard.
    public var shards: [ReferenceSet] { proposers.map(\.references) }
    /// Retrieves, verifies, scores and grades candidates (the first shard's matcher, which also
    /// merges the shards' proposals).
    public var matcher: Matcher { proposers[0].matcher }

    /// Prepares matching against `references`.
    ///
    /// - Parameters:
    ///   - ledger: where the references' pixel MD5s are read from (for the init-image-hash rule).
    ///   - references: the references.
    ///   - configuration: every number of matching and grading.
    ///   - analyzer: the analyzer of the queries, to describe their pasted-looking parts; its
    ///     decoding limits apply to reference images during verification.
    /// - Throws: ``PanelBackgroundError`` when the configuration names a background panel
    ///   this build lacks; a ledger error when the pixel MD5s cannot be read.
    public init(ledger: Ledger, references: ReferenceSet, configuration: MatchingConfiguration, analyzer: ImageAnalyzer) throws {
        try self.init(ledger: ledger, shards: [references], configuration: configuration, analyzer: analyzer)
    }

    /// Prepares matching against references split into shards: each shard proposes
    /// candidates on its own and the proposals are merged (``Proposal``), which gives the
    /// candidates one set of all the references would.
    ///
    /// - Parameter shards: shards 1 to n of n of one set of references, in order.
    /// - Throws: ``ShardingError/shardsDoNotTile`` when they are not; ``ShardingError/backgroundFromCorpus(_:)``
    ///   when there are several and the configuration measures a background from the corpus;
    ///   as ``init(ledger:references:configuration:analyzer:)`` otherwise.
    public init(ledger: Ledger, shards: [ReferenceSet], configuration: MatchingConfiguration, analyzer: ImageAnalyzer) throws {
        guard let first = shards.first, shards.enumerated().allSatisfy({ s, set in
            set.part.index == s && set.part.count == shards.count && set.layout.imageTotal == first.layout.imageTotal
                && set.layout.hashTotal == first.layout.hashTotal
        }) else { throw ShardingError.shardsDoNotTile }
        proposers = try shards.map { try ShardProposer(ledger: ledger, references: $0, configuration: configuration, analyzer: analyzer) }
        let budget = ReferenceViews.defaultBudget / shards.count
        views = shards.map { ReferenceViews(references: $0, decode: analyzer.options.decode, budget: budget) }
        self.analyzer = analyzer
    }

    /// Number of references, image and hash-only, in all shards.
    public var referenceCount: Int { proposers.reduce(0) { $0 + $1.references.count } }

    /// How each shard's corpora's local features were had (``ReferenceSet/indexStates``), shard by shard.
    public var indexStates: [(corpus: String, state: IndexState)] { proposers.flatMap(\.references.indexStates) }

    /// The best `top` candidates for `query`, best first, as the ledger records them, and the
    /// pasted-looking parts that were described to find them.
    public func match(_ query: AnalyzedImage, top: Int) -> QueryMatch {
        var memos = [Proposal.Memo](repeating: Proposal.Memo(), count: proposers.count)
        return ProposalMerger.match(
            query, top: top, merger: matcher, analyzer: analyzer,
            proposals: { pass in proposers.indices.map { proposers[$0].proposal(for: pass, top: top, memo: &memos[$0]) } },
            named: proposers.flatMap { $0.named(by: query) },
            hashSignals: { position in proposers[locate(position)!.shard].hashSignals(for: query, at: position) },
            referenceView: { position in locate(position).flatMap { views[$0.shard].view(at: $0.position) } },
            identity: { position in
                let (s, local) = locate(position)!
                return proposers[s].references.identity(at: local)
            })
    }

    /// The shard holding the reference at `position` (of all shards together), and its
    /// position there.
    private func locate(_ position: Int) -> (shard: Int, position: Int)? {
        for (s, proposer) in proposers.enumerated() {
            if let local = proposer.references.position(inWhole: position) { return (s, local) }
        }
        return nil
    }
}

/// What ``QueryMatcher/match(_:top:)`` found for a query.
public struct QueryMatch: Sendable {
    /// The best candidates, best first, as the ledger records them.
    public var candidates: [CandidateDraft]
    /// The parts of the query that looked pasted in and were described on their own (none for
    /// a copy, which is not searched for parts).
    public var pastedParts: [PixelRect]
    /// How long matching took: the whole image, then (for a query that is not a copy) its
    /// parts' description and the second match.
    public var times: StageTimes
}

/// What analyzing and matching one input file gave: what a scan, or a queue worker, records for it.
public enum QueryOutcome: Sendable {
    /// The image was analyzed; its graded candidates, best first.
    case matched(AnalyzedImage, [CandidateDraft])
    /// The file could not be read or decoded.
    case failed(DecodeError)
}

extension QueryMatcher {
    /// Loads the references of `corpora` from the ledger (with `analyzer`'s embedder), lists
    /// their local features as `configuration` says, and prepares matching against them.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when a name is not a corpus, or another ledger error.
    ///
    /// - Parameter shards: how many shards to split the references into (each loaded and searched
    ///   on its own, their proposals merged: the findings are those of one).
    public init(ledger: Ledger, corpora: [String], analyzer: ImageAnalyzer, configuration: MatchingConfiguration,
                shards: Int = 1) throws {
        let sets = try (0 ..< max(shards, 1)).map { s in
            try ReferenceSet(ledger: ledger, corpora: corpora, embedder: analyzer.fingerprinter.embedder,
                             listing: configuration.retrieval.localFeatures.listing, part: ShardPart(index: s, count: shards))
        }
        try self.init(ledger: ledger, shards: sets, configuration: configuration, analyzer: analyzer)
    }

    /// Decodes and fingerprints the file at `path` and matches it (``match(_:top:)``), keeping
    /// its best `top` candidates: what `scan` and `scan --worker` do to each input.
    public func outcome(ofFileAt path: String, top: Int) -> QueryOutcome {
        do throws(DecodeError) {
            let query = try analyzer.analyze(path: path)
            return .matched(query, match(query, top: top).candidates)
        } catch {
            return .failed(error)
        }
    }
}

extension CandidateDraft {
    /// The matcher's signals for this candidate; the ledger holds them only as something to
    /// encode, since it does not depend on the matcher.
    public var matchSignals: Signals? { signals as? Signals }
}
