import PalimpsestFingerprint

/// Votes weighed against a fixed panel of codes instead of the other references.
///
/// The ratio test of ``LocalFeatureIndex/search(_:limit:settings:memo:)`` lets a query keypoint
/// vote only when its nearest stored code is clearly nearer than the nearest code of any other
/// reference: what a reference receives then depends on what else the corpus holds (unrelated
/// references added to a corpus take votes away from a true copy, and two copies of one picture
/// take them from each other). Against a panel, a keypoint votes for every reference with a code
/// within its *reach*, `ratio` × the distance to its nearest panel code (and at most
/// `maxDistance`): a code close to ordinary pictures' codes reaches little, a distinctive one
/// reaches far. A reference's votes then depend on the query, the reference, the panel and the
/// settings only, so the votes of a corpus split in shards are the votes of the whole.
///
/// A query that copies a panel image would find its own codes ordinary: the panel images its
/// keypoints give `copiedPanelVotes` consistent votes or more are left out of its panel.
extension LocalFeatureIndex {
    /// A stored code near a query keypoint: its position and distance.
    struct Hit: Sendable, Equatable {
        var position: Int32
        var distance: Int32
    }

    /// What a search against a panel found for the keypoints of one variant of a query.
    struct PanelVariant: Sendable {
        /// Each keypoint's nearest panel codes.
        var panel: [Nearest] = []
        /// The stored codes within the widest reach each keypoint can have: keypoint `k`'s are
        /// `hits[starts[k] ..< starts[k + 1]]`.
        var hits: [Hit] = []
        var starts: [Int32] = [0]
    }

    /// What a search against a panel found for a query, direct and mirrored.
    struct PanelSearch: Sendable {
        var direct = PanelVariant()
        var mirrored = PanelVariant()
    }

    /// The references `query` shares the most consistent votes with, best first, a keypoint's
    /// reach set by `panel` (see above). The query's mirror image is always searched too, so that
    /// what a reference receives does not depend on the others.
    ///
    /// - Parameters:
    ///   - panel: the fixed panel of codes, as an index of the panel images.
    ///   - memo: an empty memo, or one an earlier search of this index against `panel` filled
    ///     for a query whose keypoints `query` begins with, in the same order.
    public func search(_ query: LocalFeatures, limit: Int, settings: LocalFeatureSearch, panel: LocalFeatureIndex,
                       memo: inout Memo) -> [Candidate] {
        guard count > 0, query.count > 0 else { return [] }
        let cutoff = Self.cutoff(ratio: settings.ratio, maxDistance: settings.maxDistance)
        if memo.cutoff != cutoff { memo = Memo() }
        memo.cutoff = cutoff
        var best: [Int: Candidate] = [:]
        memo.againstPanel.direct = extended(memo.againstPanel.direct, for: query, panel: panel, cutoff: cutoff, settings: settings)
        Self.keep(votes(of: query, memo.againstPanel.direct, panel: panel, settings: settings), mirrored: false, in: &best)
        let mirrored = query.slice(0 ..< min(query.count, settings.mirroredKeypoints)).mirrored()
        memo.againstPanel.mirrored = extended(memo.againstPanel.mirrored, for: mirrored, panel: panel, cutoff: cutoff,
                                              settings: settings)
        Self.keep(votes(of: mirrored, memo.againstPanel.mirrored, panel: panel, settings: settings), mirrored: true, in: &best)
        let ranked = best.values.sorted { ($0.votes, $0.matches, -$0.position) > ($1.votes, $1.matches, -$1.position) }
        return Array(ranked.prefix(limit))
    }

    /// The largest distance a vote may have when the keypoint's nearest panel code lies
    /// `panelDistance` bits away: below `ratio` × it and at most `maxDistance`; -1 when none is.
    public static func reach(panelDistance: Int, ratio: Float, maxDistance: Int) -> Int {
        var reach = maxDistance
        while reach >= 0, !(Float(reach) < ratio * Float(panelDistance)) { reach -= 1 }
        return reach
    }

    /// `known` extended with the keypoints of `variant` after its first `known.panel.count`:
    /// their nearest panel codes and the stored codes within the widest reach each can have
    /// (should its nearest panel image be left out as copied).
    private func extended(_ known: PanelVariant, for variant: LocalFeatures, panel: LocalFeatureIndex, cutoff: Int,
                          settings: LocalFeatureSearch) -> PanelVariant {
        precondition(known.panel.count <= variant.count, "a memo holds more keypoints than the query")
        guard known.panel.count < variant.count else { return known }
        let added = variant.slice(known.panel.count ..< variant.count)
        let nearPanel = panel.nearestCodes(of: added, cutoff: cutoff)
        let radii = nearPanel.map {
            Int32(Self.reach(panelDistance: $0.otherDistance, ratio: settings.ratio, maxDistance: settings.maxDistance))
        }
        let found = storedCodes(near: Self.codes(of: added), radii: radii)
        let base = Int32(known.hits.count)
        return PanelVariant(panel: known.panel + nearPanel, hits: known.hits + found.hits,
                            starts: known.starts + found.starts.dropFirst().map { $0 + base })
    }

    /// The consistent votes of `variant`'s keypoints: each for every reference with a code
    /// within its reach (the nearest such code of each).
    private func votes(of variant: LocalFeatures, _ found: PanelVariant, panel: LocalFeatureIndex,
                       settings: LocalFeatureSearch) -> VoteTally {
        let copied = Set(panel.votes(of: variant, found.panel, ratio: settings.ratio, maxDistance: settings.maxDistance)
            .ranked(limit: .max).filter { $0.votes >= settings.copiedPanelVotes }.map(\.position))
        var votes = VoteTally()
        var nearestOfOwner: [(owner: Int32, hit: Hit)] = []
        for k in 0 ..< found.panel.count where found.starts[k] < found.starts[k + 1] {
            let near = found.panel[k]
            let leftOut = near.first >= 0 && copied.contains(Int(panel.owners[near.first]))
            let reach = Self.reach(panelDistance: leftOut ? near.otherDistance : near.distance, ratio: settings.ratio,
                                   maxDistance: settings.maxDistance)
            nearestOfOwner.removeAll(keepingCapacity: true)
            for hit in found.hits[Int(found.starts[k]) ..< Int(found.starts[k + 1])] where Int(hit.distance) <= reach {
                nearestOfOwner.append((owners[Int(hit.position)], hit))
            }
            // Each reference's nearest code (the lower position among equals) votes.
            nearestOfOwner.sort { ($0.owner, $0.hit.distance, $0.hit.position) < ($1.owner, $1.hit.distance, $1.hit.position) }
            for (i, entry) in nearestOfOwner.enumerated() where i == 0 || nearestOfOwner[i - 1].owner != entry.owner {
                vote(for: Int(entry.hit.position), from: variant.keypoints[k], in: &votes)
            }
        }
        return votes
    }
}
