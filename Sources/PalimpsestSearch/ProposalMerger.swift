import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestLedger
import PalimpsestMatch

/// What one shard proposes for an input, as a sharded queue records it until the input's
/// shards are all done and a worker merges them (``ProposalMerger``).
///
/// A shard proposes for both passes of a match at once (the whole image, and the image with
/// its pasted-looking parts described), since whether the second is needed depends on what
/// every shard found; a copy's second proposal is left unused.
public struct ShardProposal: Sendable, Codable, Equatable {
    /// For the whole image.
    public var whole: Proposal
    /// For the image with its pasted-looking parts described; `nil` when it has none.
    public var withParts: Proposal?
    /// The references of the shard the query's init image hash names, with their hash signals.
    public var named: [ProposedHashOnly] = []
    /// Who every reference the proposals name is.
    public var references: [ProposedReference] = []

    /// A shard's proposal for the whole image.
    public init(whole: Proposal) {
        self.whole = whole
    }
}

/// Who a reference a shard proposed is: what the merge records and where it reads its pixels.
public struct ProposedReference: Sendable, Codable, Equatable {
    /// Its position among the references of all shards.
    public var position: Int
    /// The ledger image, corpus and path (or hash list label).
    public var identity: ReferenceIdentity
    /// Whether it is an image file (else it is known only by its PDQ hash).
    public var hasFile: Bool

    /// Names a proposed reference.
    public init(position: Int, identity: ReferenceIdentity, hasFile: Bool) {
        self.position = position
        self.identity = identity
        self.hasFile = hasFile
    }
}

/// Merges what the shards of a run proposed for an input into its finding, verifying the
/// most promising candidates against the references' files, without holding any shard: what
/// a worker of a sharded queue does once every shard's part of an input is done.
///
/// The merge is the one ``QueryMatcher`` runs over shards it holds, so a sharded run's
/// findings are those of a scan of one machine.
public struct ProposalMerger: Sendable {
    /// Merges, scores, grades and verifies (its own index is empty: it holds no references).
    public let matcher: Matcher
    private let analyzer: ImageAnalyzer
    /// Who the references proposed so far are, by position (the same in every input of a run).
    private let identities = Locked<[Int: ProposedReference]>([:])
    /// The references' pixels and features, kept across inputs.
    private let views: ReferenceViews

    /// A merger for runs matched with `configuration`, reading reference features from `ledger`.
    ///
    /// - Throws: as ``MatchingConfiguration/validate()``.
    public init(ledger: Ledger, configuration: MatchingConfiguration, analyzer: ImageAnalyzer) throws {
        try configuration.validate()
        matcher = Matcher(index: FingerprintIndex(embeddingDimension: analyzer.fingerprinter.embedder.dimension),
                          scorer: Scorer(configuration: configuration))
        self.analyzer = analyzer
        let identities = self.identities
        views = ReferenceViews(decode: analyzer.options.decode) { position in
            guard let reference = identities.withLock({ $0[position] }), reference.hasFile else { return nil }
            return (reference.identity.path, {
                (try? ledger.localFeatures(ofImage: reference.identity.imageID, extractor: LocalFeatureExtractor.identifier))?
                    .flatMap(LocalFeatures.init(serialized:))
            })
        }
    }

    /// The finding of `query` from every shard's proposal, in shard order.
    public func match(_ query: AnalyzedImage, proposals: [ShardProposal], top: Int) -> QueryMatch {
        var proposed: [Int: ProposedReference] = [:]
        for proposal in proposals { for reference in proposal.references { proposed[reference.position] = reference } }
        identities.withLock { $0.merge(proposed) { _, new in new } }
        let named = proposals.flatMap(\.named), views = self.views
        return Self.match(
            query, top: top, merger: matcher, analyzer: analyzer,
            proposals: { pass in proposals.map { pass.regions.isEmpty ? $0.whole : $0.withParts ?? $0.whole } },
            named: named.map(\.position),
            hashSignals: { position in named.first { $0.position == position }?.signals ?? Signals() },
            referenceView: { views.view(at: $0) },
            identity: { proposed[$0]!.identity })
    }

    /// Matches `query` from proposals as ``QueryMatcher`` does: the whole image's, merged and
    /// verified; then, unless the best is a copy, the image with its pasted-looking parts
    /// described, whose proposals extend the first (the verifications of references the new
    /// features do not bear on are reused); the init-image rule; the candidates as the ledger
    /// records them.
    ///
    /// - Parameters:
    ///   - proposals: every shard's proposal for the query as given (its features, and its parts
    ///     when described), in shard order.
    ///   - named: the positions of the references the query's init image hash names.
    ///   - hashSignals: the hash signals of the query against a named reference.
    ///   - identity: who the reference at a position is.
    static func match(_ query: AnalyzedImage, top: Int, merger: Matcher, analyzer: ImageAnalyzer,
                      proposals: (AnalyzedImage) -> [Proposal], named: [Int], hashSignals: (Int) -> Signals,
                      referenceView: (Int) -> VerificationView?, identity: (Int) -> ReferenceIdentity) -> QueryMatch {
        var times = StageTimes()
        var memo = Matcher.Memo()
        func graded(_ pass: AnalyzedImage) -> [Candidate] {
            let found = merger.candidates(from: proposals(pass), view: pass.verificationView, limit: top,
                                          referenceView: referenceView, memo: &memo)
            return InitImageEvidence.apply(to: found, query: pass, named: named, scorer: merger.scorer, limit: top,
                                           hashSignals: hashSignals)
        }
        func drafts(_ candidates: [Candidate]) -> [CandidateDraft] {
            candidates.map { c in
                let r = identity(c.position)
                return CandidateDraft(referenceImageID: r.imageID, corpus: r.corpus, referencePath: r.path,
                                      score: c.score, grade: c.grade, signals: c.signals)
            }
        }
        let candidates = times.measure("match") { graded(query) }
        if let best = candidates.first?.grade, best == .exact || best == .nearDuplicate {
            return QueryMatch(candidates: drafts(candidates), pastedParts: [], times: times)
        }
        let withParts = times.measure("pasted-parts") { analyzer.describingPastedParts(of: query, proposer: merger.scorer.configuration.regions) }
        guard !withParts.regions.isEmpty else { return QueryMatch(candidates: drafts(candidates), pastedParts: [], times: times) }
        // The parts' features follow the whole image's, whose search and verifications are reused.
        let again = times.measure("match-with-parts") { graded(withParts) }
        return QueryMatch(candidates: drafts(again), pastedParts: withParts.regions.map(\.rect), times: times)
    }
}
