import PalimpsestCore
import PalimpsestIndex
import PalimpsestFingerprint

/// What a matcher over some of the references (one shard, or all of them) proposes for a
/// query: each signal's nearest references among them, every such pair's signals before
/// verification, and what ranks them against other shards' proposals.
///
/// ``Matcher/candidates(from:view:limit:referenceView:memo:)`` merges the proposals of shards
/// into the candidates one matcher over all their references gives, when each shard's positions
/// follow the whole's order (relocated to the whole's with ``relocated(by:)``): each signal keeps its
/// nearest `limit` across the shards, ties going to the lower position as within one, and a
/// pair's signals depend on the pair and the configuration only, since the embedding's
/// background and the vote weights come from fixed panels. A configuration that measures the
/// background from the corpus (matching-v3 records) has no such merge: each shard would
/// measure its own.
///
/// ```swift
/// var memos = [Proposal.Memo](repeating: Proposal.Memo(), count: shards.count)
/// let proposals = shards.indices.map { s in
///     shards[s].matcher.propose(for: query, features: features, regions: [], limit: 5,
///                               details: shards[s].details, memo: &memos[s]).relocated(by: shards[s].global)
/// }
/// let best = anyMatcher.candidates(from: proposals, view: view, limit: 5, referenceView: views)
/// ```
public struct Proposal: Sendable, Codable, Equatable {
    /// The image references some signal proposed, with their signals and ranks.
    public var images: [ProposedImage] = []
    /// The hash-only references within the hash-only radius of the query, nearest first.
    public var hashOnly: [ProposedHashOnly] = []
    /// For each pasted-looking part of the query, in order, its nearest image reference by
    /// embedding (`nil` when there is none to compare with).
    public var parts: [ProposedPart?] = []
    /// The statistics of the query embedding's similarity to images it does not copy.
    public var background: BackgroundStatistics
    /// Whether the query's mirror image was searched for local-feature votes (when it was not,
    /// votes say nothing about mirrors).
    public var searchedMirrored = false

    /// An empty proposal with the given background.
    public init(background: BackgroundStatistics) {
        self.background = background
    }

    /// The proposal with every position mapped by `position` (a shard's own positions to the
    /// positions of all shards together).
    public func relocated(by position: (Int) -> Int) -> Proposal {
        var out = self
        for i in out.images.indices { out.images[i].position = position(out.images[i].position) }
        for i in out.hashOnly.indices { out.hashOnly[i].position = position(out.hashOnly[i].position) }
        out.parts = out.parts.map { part in
            part.map { var part = $0; part.position = position(part.position); return part }
        }
        return out
    }

    /// What proposing for a query leaves for proposing again with more of its local features
    /// (its pasted-looking parts described on their own): the search of the references so
    /// far, and the hash-only references near its PDQ hash, which new features cannot change.
    public struct Memo: Sendable {
        var votes = LocalFeatureIndex.Memo()
        var hashOnly: (query: PDQFingerprint, limit: Int, found: [ProposedHashOnly])?

        /// An empty memo, for a query not proposed for before.
        public init() {}
    }
}

/// An image reference a signal proposed for a query: the pair's signals before verification,
/// and where each signal ranked it.
public struct ProposedImage: Sendable, Codable, Equatable {
    /// The reference's position.
    public var position: Int
    /// Identity, hash and embedding-cosine signals (no z-score, votes or verification yet).
    public var signals: Signals
    /// Its PDQ distance, when it was among the nearest by PDQ.
    public var nearestByPDQ: Int?
    /// Its pHash distance, when it was among the nearest by pHash.
    public var nearestByPHash: Int?
    /// Its embedding cosine, when it was among the nearest by embedding.
    public var nearestByEmbedding: Float?
    /// Its local-feature votes, when it was among those with the most.
    public var votes: ProposedVotes?

    // Spelt as the snake-case convention reads them back (`nearest_by_pdq`).
    private enum CodingKeys: String, CodingKey {
        case position, signals, votes
        case nearestByPDQ = "nearestByPdq", nearestByPHash = "nearestByPhash", nearestByEmbedding
    }
}

/// The local-feature votes a query gave a reference.
public struct ProposedVotes: Sendable, Codable, Equatable {
    /// Consistent votes (the best-agreeing bins).
    public var votes: Int
    /// Keypoints that voted at all, the tie-break between equal votes.
    public var matches: Int
    /// Whether they came from the query's mirror image.
    public var mirrored: Bool
}

/// A hash-only reference near the query's PDQ hash.
public struct ProposedHashOnly: Sendable, Codable, Equatable {
    /// The reference's position.
    public var position: Int
    /// Its PDQ signals.
    public var signals: Signals

    /// A hash-only reference and its signals.
    public init(position: Int, signals: Signals) {
        self.position = position
        self.signals = signals
    }
}

/// A pasted-looking part's nearest image reference by embedding.
public struct ProposedPart: Sendable, Codable, Equatable {
    /// The reference's position.
    public var position: Int
    /// The part's embedding cosine to it.
    public var cosine: Float
    /// The statistics of the part's similarity to images it does not copy.
    public var background: BackgroundStatistics
}
