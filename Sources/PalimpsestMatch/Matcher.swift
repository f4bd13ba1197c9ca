import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex

/// Finds, scores and grades the references a query may copy.
///
/// Each signal (PDQ with dihedral variants, pHash, the embedding, local-feature votes) proposes
/// its nearest references; the union is scored with every signal and ranked by calibrated
/// score, and the most promising are verified. References known only by a PDQ hash
/// (``hashIndex``) are proposed when they lie within ``Scorer/hashOnlyRadius`` of a dihedral
/// variant of the query, scored by PDQ alone and never verified.
///
/// The two halves can run apart: ``propose(for:features:regions:limit:details:memo:)`` over each
/// shard of the references, ``candidates(from:view:limit:referenceView:memo:)`` over their
/// proposals (see ``Proposal``).
///
/// ```swift
/// let matcher = Matcher(index: index, scorer: Scorer())
/// let best = matcher.candidates(for: query, limit: 5) { position in details[position] }
/// ```
public struct Matcher: Sendable {
    /// The references.
    public let index: FingerprintIndex
    /// The references' local features, for retrieving crops and pasted parts by voting.
    public let localIndex: LocalFeatureIndex?
    /// References known only by a PDQ hash, at positions `index.count` and on.
    public let hashIndex: PDQIndex?
    /// Scores and grades pairs.
    public let scorer: Scorer
    /// Verifies the most promising candidates.
    public var verifier = CandidateVerifier()
    /// Which references are proposed and verified (from the scorer's configuration).
    private var retrieval: RetrievalSettings { scorer.configuration.retrieval }

    /// Creates a matcher over an index and, optionally, the references' local features (in
    /// the same positions) and hash-only references (after them).
    public init(index: FingerprintIndex, localIndex: LocalFeatureIndex? = nil, hashIndex: PDQIndex? = nil, scorer: Scorer) {
        self.index = index
        self.localIndex = localIndex
        self.hashIndex = hashIndex
        self.scorer = scorer
        hashOnlyRadius = scorer.hashOnlyRadius
        // A configuration naming a panel this build lacks is refused where it is read
        // (`MatchingConfiguration.validate`); here it falls back to the prior alone, which,
        // like a panel, does not depend on the corpus.
        backgroundPanel = (try? scorer.configuration.retrieval.embeddingBackground.resolvedPanel()) ?? nil
        // Likewise, a code panel this build lacks falls back to weighing votes against the corpus.
        codePanel = (try? scorer.configuration.retrieval.voteBackground.resolvedPanel())?.map(\.index)
        verifier.geometric = scorer.configuration.verification.geometry
        verifier.comparator = scorer.configuration.verification.alignment
    }

    /// How far from the query hash-only references are looked for.
    private let hashOnlyRadius: Int
    /// The fixed panel embedding similarities are normalised against; `nil` for the corpus.
    private let backgroundPanel: BackgroundPanel?
    /// The fixed panel local-feature votes are weighed against; `nil` for the corpus.
    private let codePanel: LocalFeatureIndex?

    /// The best `limit` candidates for `query`, best first.
    ///
    /// - Parameters:
    ///   - query: the query's fingerprints.
    ///   - view: the query's pixels and local features, to verify candidates; `nil` skips
    ///     verification.
    ///   - limit: how many candidates to return.
    ///   - details: the facts of the reference at an index position, for exact-match checks and
    ///     hash distances.
    ///   - referenceView: the pixels and features of the reference at an index position.
    public func candidates(for query: Fingerprints, view: VerificationView? = nil, limit: Int,
                           details: (Int) -> ReferenceDetails?,
                           referenceView: (Int) -> VerificationView? = { _ in nil }) -> [Candidate] {
        var memo = Memo()
        return candidates(for: query, view: view, limit: limit, details: details, referenceView: referenceView, memo: &memo)
    }

    /// What matching a query leaves for matching it again with more local features (its
    /// pasted-looking parts described on their own, appended to the whole image's).
    ///
    /// The new features' search of the references adds to the earlier search
    /// (``Proposal/Memo``), and a reference verified before keeps its verification when the
    /// new features bear on it no more than the old ones did: none of them voted for it and no
    /// part proposed it: verifying those again would cost a third of the second match and tell
    /// nothing new.
    public struct Memo: Sendable {
        /// Each shard's proposal memo, in shard order (one for a single matcher).
        public var proposals: [Proposal.Memo] = []
        var verified: [Int: Verification] = [:]

        /// An empty memo, for a query not matched before.
        public init() {}
    }

    /// A reference's verification against a query, and the votes the query gave it then.
    struct Verification: Sendable {
        var votes: Int
        var geometry: GeometrySummary?
        var alignment: AlignmentMeasures?
    }

    /// ``candidates(for:view:limit:details:referenceView:)`` reusing what an earlier call for
    /// the same query with fewer features found (see ``Memo``).
    ///
    /// - Parameter memo: empty, or filled by an earlier call whose view's features the
    ///   features of `view` begin with; left holding this call's search and verifications.
    public func candidates(for query: Fingerprints, view: VerificationView?, limit: Int,
                           details: (Int) -> ReferenceDetails?, referenceView: (Int) -> VerificationView?,
                           memo: inout Memo) -> [Candidate] {
        if memo.proposals.isEmpty { memo.proposals = [Proposal.Memo()] }
        let proposal = propose(for: query, features: view?.features, regions: view?.regions ?? [], limit: limit,
                               details: details, memo: &memo.proposals[0])
        return candidates(from: [proposal], view: view, limit: limit, referenceView: referenceView, memo: &memo)
    }

    /// What this matcher's references propose for a query: each signal's nearest `limit`
    /// (at least ``Thresholds/candidatesPerSignal``; for the hashes, those within their
    /// ``RetrievalSettings/pdqProposalRadius`` and ``RetrievalSettings/phashProposalRadius``)
    /// with their signals before verification, and the hash-only references near its PDQ hash
    /// (see ``Proposal``).
    ///
    /// - Parameters:
    ///   - features: the query's local features, to vote with.
    ///   - regions: the query's pasted-looking parts, each proposing its nearest reference by
    ///     embedding.
    ///   - memo: empty, or filled by an earlier call for the same query whose features
    ///     `features` begin with.
    public func propose(for query: Fingerprints, features: LocalFeatures?, regions: [QueryRegion], limit: Int,
                        details: (Int) -> ReferenceDetails?, memo: inout Proposal.Memo) -> Proposal {
        let perSignal = max(limit, scorer.thresholds.candidatesPerSignal)
        var proposed: [Int: ProposedImage] = [:]
        func entry(_ position: Int, _ update: (inout ProposedImage) -> Void) {
            update(&proposed[position, default: ProposedImage(position: position, signals: Signals())])
        }
        var pdqHits: [Int: PDQHit] = [:]
        for hit in index.nearestPDQ(to: query.pdq, limit: perSignal, maxDistance: retrieval.pdqProposalRadius) {
            pdqHits[hit.position] = hit
            entry(hit.position) { $0.nearestByPDQ = hit.distance }
        }
        if let phash = query.hashes.phash {
            for hit in index.nearestPHash(to: phash, limit: perSignal, maxDistance: retrieval.phashProposalRadius) { entry(hit.position) { $0.nearestByPHash = Int(hit.value) } }
        }
        let (nearest, background) = embeddingNeighbours(of: query.embedding, limit: perSignal)
        for (position, cosine) in nearest { entry(position) { $0.nearestByEmbedding = cosine } }
        if let localIndex, let features {
            let found = codePanel.map { localIndex.search(features, limit: perSignal, settings: retrieval.localFeatures, panel: $0, memo: &memo.votes) }
                ?? localIndex.search(features, limit: perSignal, settings: retrieval.localFeatures, memo: &memo.votes)
            for hit in found {
                entry(hit.position) { $0.votes = ProposedVotes(votes: Int(hit.votes), matches: hit.matches, mirrored: hit.mirrored) }
            }
        }
        var out = Proposal(background: background)
        out.searchedMirrored = memo.votes.searchedMirrored
        out.parts = regions.map { region in
            let (nearest, background) = embeddingNeighbours(of: region.embedding, limit: 1)
            guard let (position, cosine) = nearest.first else { return nil }
            entry(position) { _ in }
            return ProposedPart(position: position, cosine: cosine, background: background)
        }
        out.images = proposed.values.sorted { $0.position < $1.position }.map { image in
            var image = image
            image.signals = hashSignals(for: query, at: image.position, details: details(image.position), pdq: pdqHits[image.position])
            image.signals.embeddingCosine = index.similarity(of: query.embedding, at: image.position)
            return image
        }
        if memo.hashOnly?.query != query.pdq || memo.hashOnly?.limit != perSignal {
            memo.hashOnly = (query.pdq, perSignal, hashOnlyProposals(for: query.pdq, limit: perSignal))
        }
        out.hashOnly = memo.hashOnly?.found ?? []
        return out
    }

    /// The best `limit` candidates that `proposals` (of shards whose positions follow the
    /// whole's order, relocated to the whole's) give together, as one matcher over all their references
    /// would give them: each signal's nearest `limit` across the shards, scored, the most
    /// promising verified (when `view` is given), best first.
    ///
    /// - Parameters:
    ///   - view: the query's pixels, local features and pasted-looking parts (those the
    ///     proposals were made with), to verify candidates; `nil` skips verification.
    ///   - referenceView: the pixels and features of the reference at a position.
    ///   - memo: empty, or filled by an earlier call for the same query with fewer features.
    public func candidates(from proposals: [Proposal], view: VerificationView?, limit: Int,
                           referenceView: (Int) -> VerificationView?, memo: inout Memo) -> [Candidate] {
        let perSignal = max(limit, scorer.thresholds.candidatesPerSignal)
        var images: [Int: (image: ProposedImage, searchedMirrored: Bool)] = [:]
        for proposal in proposals {
            for image in proposal.images { images[image.position] = (image, proposal.searchedMirrored) }
        }
        let all = images.values.map(\.image)
        var positions = Set<Int>()
        positions.formUnion(all.filter { $0.nearestByPDQ != nil }
            .sorted { ($0.nearestByPDQ!, $0.position) < ($1.nearestByPDQ!, $1.position) }.prefix(perSignal).map(\.position))
        positions.formUnion(all.filter { $0.nearestByPHash != nil }
            .sorted { ($0.nearestByPHash!, $0.position) < ($1.nearestByPHash!, $1.position) }.prefix(perSignal).map(\.position))
        positions.formUnion(all.filter { $0.nearestByEmbedding != nil }
            .sorted { ($0.nearestByEmbedding!, -$0.position) > ($1.nearestByEmbedding!, -$1.position) }.prefix(perSignal).map(\.position))
        var votes: [Int: Int] = [:], votedMirrored: Set<Int> = []
        let byVotes = all.filter { $0.votes != nil }.sorted {
            ($0.votes!.votes, $0.votes!.matches, -$0.position) > ($1.votes!.votes, $1.votes!.matches, -$1.position)
        }
        for image in byVotes.prefix(perSignal) where image.votes!.votes >= retrieval.minimumVotes {
            votes[image.position] = image.votes!.votes
            if image.votes!.mirrored { votedMirrored.insert(image.position) }
        }
        positions.formUnion(votes.keys)
        let parts = pastedParts(proposals.map(\.parts), rects: view?.regions.map(\.rect) ?? [])
        positions.formUnion(parts.keys)

        let background = proposals.first?.background ?? retrieval.backgroundPrior
        var out: [Candidate] = []
        out.reserveCapacity(positions.count)
        for position in positions {
            var s = images[position]!.image.signals
            if let cosine = s.embeddingCosine { s.embeddingZ = max(background.normalise(cosine), parts[position]?.z ?? -.infinity) }
            s.votes = votes[position]
            out.append(scorer.candidate(at: position, signals: s))
        }
        out += proposals.flatMap(\.hashOnly)
            .sorted { ($0.signals.pdqDistance ?? .max, $0.position) < ($1.signals.pdqDistance ?? .max, $1.position) }
            .prefix(perSignal).map { scorer.candidate(at: $0.position, signals: $0.signals) }
        out.sort { ($0.score, -$0.position) > ($1.score, -$1.position) }
        if let view {
            // Where a shard did not search the mirror image (a reference won decisive direct
            // votes), votes say nothing about mirrors: any of its candidates may be one.
            let mayMirror = { (position: Int) in images[position]?.searchedMirrored == false || votedMirrored.contains(position) }
            verifyBest(&out, view: view, isImage: { images[$0] != nil }, parts: parts, mayMirror: mayMirror,
                       referenceView: referenceView, memo: &memo)
        }
        return Array(out.prefix(limit))
    }

    /// The hash-only references within ``Scorer/hashOnlyRadius`` of the query, nearest first,
    /// with their PDQ signals; a reference whose list gave no quality counts with the query's.
    private func hashOnlyProposals(for query: PDQFingerprint, limit: Int) -> [ProposedHashOnly] {
        guard let hashIndex else { return [] }
        return hashIndex.nearest(to: query, limit: limit, maxDistance: hashOnlyRadius).map { hit in
            var s = Signals()
            s.pdqDistance = hit.distance
            s.pdqTransform = hit.transform
            s.pdqQuality = min(query.quality, hashIndex.quality(at: hit.position) ?? query.quality)
            return ProposedHashOnly(position: index.count + hit.position, signals: s)
        }
    }

    /// Verifies the image candidates with the best preliminary scores and those with the most
    /// local-feature votes (in order of preliminary score; see ``RetrievalSettings/verifiedBesideCopy``), matching
    /// the query's mirror image only where a mirror is likely
    /// (``CandidateVerifier/mirrorIsLikely(_:votedMirrored:within:)``), then rescores and re-sorts all.
    /// A verification in `memo` is reused when the query's new features did not vote for the
    /// reference and no part proposed it.
    private func verifyBest(_ candidates: inout [Candidate], view: VerificationView, isImage: (Int) -> Bool,
                            parts: [Int: PastedPartHit], mayMirror: (Int) -> Bool,
                            referenceView: (Int) -> VerificationView?, memo: inout Memo) {
        let images = candidates.indices.filter { isImage(candidates[$0].position) }
        let byVotes = candidates.indices.filter { candidates[$0].signals.votes != nil }
            .sorted { (candidates[$0].signals.votes ?? 0) > (candidates[$1].signals.votes ?? 0) }
        let byParts = candidates.indices.filter { parts[candidates[$0].position] != nil }
        let chosen = Set(Array(images.prefix(scorer.thresholds.verifiedCandidates)) + byVotes.prefix(retrieval.verifiedByVotes) + byParts)
        var query: PreparedQuery?
        var copyFound = false
        for i in chosen.sorted() {
            if copyFound, candidates[i].score < retrieval.verifiedBesideCopy { continue }
            let position = candidates[i].position
            var signals = candidates[i].signals
            if let earlier = memo.verified[position], parts[position] == nil, signals.votes ?? 0 <= earlier.votes {
                signals.geometry = earlier.geometry
                signals.alignment = earlier.alignment
            } else {
                guard let reference = referenceView(position) else { continue }
                let prepared = query ?? verifier.prepare(view)
                query = prepared
                verifier.verify(prepared, reference: reference, signals: &signals, proposedBy: parts[position]?.rect, judgedBy: scorer,
                                mirrorLikely: CandidateVerifier.mirrorIsLikely(signals, votedMirrored: mayMirror(position),
                                                                                 within: scorer.configuration.verification.mirrorPDQDistance))
                memo.verified[position] = Verification(votes: signals.votes ?? 0, geometry: signals.geometry, alignment: signals.alignment)
            }
            candidates[i] = scorer.candidate(at: position, signals: signals)
            if candidates[i].grade == .exact || candidates[i].grade == .nearDuplicate { copyFound = true }
        }
        candidates.sort { ($0.score, -$0.position) > ($1.score, -$1.position) }
    }

    /// The identity and hash signals of the query against the image reference at `position`:
    /// same bytes and pixels, PDQ over the query's dihedral variants, and the distance of every
    /// registered perceptual hash both have (pHash alone when `details` has no hashes).
    ///
    /// - Parameter pdq: the reference's PDQ hit when a search already found it.
    public func hashSignals(for query: Fingerprints, at position: Int, details: ReferenceDetails?, pdq: PDQHit? = nil) -> Signals {
        var s = Signals()
        if let sha = details?.sha256 { s.sameBytes = sha == query.sha256 }
        if let digest = details?.pixelDigest { s.samePixels = digest == query.pixelDigest }
        if let hit = pdq ?? pdqHit(query.pdq, position) {
            s.pdqDistance = hit.distance
            s.pdqTransform = hit.transform
            s.pdqQuality = min(query.pdq.quality, index.pdqQuality(at: position))
        }
        if let refHashes = details?.hashes {
            for hash in PerceptualHashes.all {
                guard let reference = refHashes[hash.name], let code = query.hashes[hash.name],
                      let distance = hash.distance(between: reference, and: code) else { continue }
                s.hashDistances[hash.name] = distance
            }
        } else if let phash = index.phash(at: position), let queryPHash = query.hashes.phash {
            s.phashDistance = phash.distance(to: queryPHash)
        }
        return s
    }

    // MARK: - Helpers

    private func pdqHit(_ query: PDQFingerprint, _ position: Int) -> PDQHit? {
        guard let hash = index.pdqHash(at: position) else { return nil }
        let distances = query.dihedral.map { $0.distance(to: hash) }
        let best = distances.indices.min { distances[$0] < distances[$1] }!
        return PDQHit(position: position, distance: distances[best], transform: Dihedral(rawValue: best)!)
    }

    /// What a pasted-looking part of the query proposed: a reference whose embedding stands out
    /// from the part's background, and the part.
    private struct PastedPartHit {
        var rect: PixelRect
        var z: Float
    }

    /// For each pasted-looking part, its nearest reference by embedding across the proposals
    /// (the lower position among equals) when it stands out (z of at least
    /// ``RetrievalSettings/pastedPartZ`` against the part's own background).
    ///
    /// - Parameters:
    ///   - proposed: each proposal's nearest reference of every part, in the parts' order.
    ///   - rects: where the parts lie.
    private func pastedParts(_ proposed: [[ProposedPart?]], rects: [PixelRect]) -> [Int: PastedPartHit] {
        var out: [Int: PastedPartHit] = [:]
        for (i, rect) in rects.enumerated() {
            let nearest = proposed.compactMap { $0.indices.contains(i) ? $0[i] : nil }
                .min { ($0.cosine, -$0.position) > ($1.cosine, -$1.position) }
            guard let nearest else { continue }
            let z = nearest.background.normalise(nearest.cosine)
            guard z >= retrieval.pastedPartZ, z > out[nearest.position]?.z ?? -.infinity else { continue }
            out[nearest.position] = PastedPartHit(rect: rect, z: z)
        }
        return out
    }

    /// The nearest references by embedding, and the statistics of the query's similarity to
    /// images it does not copy (its background): the configured panel's, or, for runs recorded
    /// before panels, the rest of the corpus's, measured in the same pass over the index.
    private func embeddingNeighbours(of query: [Float], limit: Int) -> ([Int: Float], BackgroundStatistics) {
        guard query.count == index.embeddingDimension else { return ([:], retrieval.backgroundPrior) }
        let leftOut = retrieval.backgroundLeavesOut
        let measuresCorpus = retrieval.embeddingBackground.source == .corpus
        guard measuresCorpus else {
            let nearest = Dictionary(uniqueKeysWithValues: index.nearestEmbeddings(to: query, limit: limit, listing: retrieval.embeddingListing)
                .map { ($0.position, $0.value) })
            let background = backgroundPanel?.background(of: query, leavingOut: leftOut, prior: retrieval.backgroundPrior)
            return (nearest, background ?? retrieval.backgroundPrior)
        }
        var top = TopK<Int>(max(limit, leftOut))
        var sum = 0.0, sumSquares = 0.0, n = 0.0
        index.similarities(to: query) { position, similarity in
            top.offer(rank: -similarity, position)
            sum += Double(similarity)
            sumSquares += Double(similarity) * Double(similarity)
            n += 1
        }
        let nearest = Dictionary(uniqueKeysWithValues: top.items.prefix(limit).map { ($0.item, -$0.rank) })
        // The nearest few are the candidates themselves, not background: leave them out.
        for similarity in top.items.prefix(leftOut).map({ -$0.rank }) {
            sum -= Double(similarity)
            sumSquares -= Double(similarity) * Double(similarity)
            n -= 1
        }
        let observed = BackgroundStatistics(observedSum: sum, sumOfSquares: sumSquares, count: n)
        return (nearest, retrieval.backgroundPrior.combined(with: observed))
    }
}
