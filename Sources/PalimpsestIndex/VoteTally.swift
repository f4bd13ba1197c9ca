import PalimpsestCore
import Foundation

/// Per-reference votes binned by the change of keypoint direction and log-scale they imply,
/// so that only votes agreeing on one similarity transform add up.
///
/// Votes are kept as a list of (reference, bin) until they are ranked, so a tally's memory and
/// cost grow with its votes, not with the references searched or voted for: against a large
/// corpus most references voted for get one stray vote.
struct VoteTally {
    /// Direction bins over the full circle (30° each).
    static let angleBins = 12
    /// Log2-scale bins of 0.5 over −4…4.
    static let scaleBins = 16

    /// Each vote's reference and bin (`angleBin × scaleBins + scaleBin`).
    private var votes: [(reference: Int, bin: Int)] = []

    /// An empty tally.
    init() {}

    /// Records a vote for `reference` implying rotation `turn` (radians) and log2-scale change
    /// `logScale`.
    mutating func add(reference: Int, turn: Float, logScale: Float) {
        var a = turn.truncatingRemainder(dividingBy: 2 * .pi)
        if a < 0 { a += 2 * .pi }
        let angleBin = min(Self.angleBins - 1, Int(a / (2 * .pi) * Float(Self.angleBins)))
        let scaleBin = min(Self.scaleBins - 1, max(0, Int((logScale + 4) * 2)))
        votes.append((reference, angleBin * Self.scaleBins + scaleBin))
    }

    /// References with votes, by their best 2 × 2 block of neighbouring bins, best first.
    func ranked(limit: Int) -> [LocalFeatureIndex.Candidate] {
        var out: [LocalFeatureIndex.Candidate] = []
        let sorted = votes.sorted { $0.reference < $1.reference }
        var bins = [Float](repeating: 0, count: Self.angleBins * Self.scaleBins)
        var first = 0
        while first < sorted.count {
            var end = first + 1
            while end < sorted.count, sorted[end].reference == sorted[first].reference { end += 1 }
            let group = sorted[first ..< end]
            // One vote is its own best block.
            var best: Float = 1
            if group.count > 1 {
                for vote in group { bins[vote.bin] += 1 }
                best = Self.bestBlock(bins)
                for vote in group { bins[vote.bin] = 0 }
            }
            out.append(LocalFeatureIndex.Candidate(position: sorted[first].reference, votes: best, matches: group.count))
            first = end
        }
        out.sort { ($0.votes, $0.matches, -$0.position) > ($1.votes, $1.matches, -$1.position) }
        return Array(out.prefix(limit))
    }

    /// The most votes in one 2 × 2 block of neighbouring bins (directions wrap around).
    private static func bestBlock(_ bins: [Float]) -> Float {
        let a = angleBins, s = scaleBins
        var best: Float = 0
        for i in 0 ..< a {
            let row = i * s, next = ((i + 1) % a) * s
            for j in 0 ..< s - 1 {
                best = max(best, bins[row + j] + bins[row + j + 1] + bins[next + j] + bins[next + j + 1])
            }
        }
        return best
    }
}
