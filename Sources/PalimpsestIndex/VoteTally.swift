import PalimpsestCore
import Foundation

/// Per-reference votes binned by the change of keypoint direction and log-scale they imply,
/// so that only votes agreeing on one similarity transform add up.
struct VoteTally {
    /// Direction bins over the full circle (30° each).
    static let angleBins = 12
    /// Log2-scale bins of 0.5 over −4…4.
    static let scaleBins = 16

    private var bins: [Float]
    private var totals: [Int]

    /// An empty tally for `references` references.
    init(references: Int) {
        bins = [Float](repeating: 0, count: references * Self.angleBins * Self.scaleBins)
        totals = [Int](repeating: 0, count: references)
    }

    /// Records a vote for `reference` implying rotation `turn` (radians) and log2-scale change
    /// `logScale`.
    mutating func add(reference: Int, turn: Float, logScale: Float) {
        var a = turn.truncatingRemainder(dividingBy: 2 * .pi)
        if a < 0 { a += 2 * .pi }
        let angleBin = min(Self.angleBins - 1, Int(a / (2 * .pi) * Float(Self.angleBins)))
        let scaleBin = min(Self.scaleBins - 1, max(0, Int((logScale + 4) * 2)))
        bins[(reference * Self.angleBins + angleBin) * Self.scaleBins + scaleBin] += 1
        totals[reference] += 1
    }

    /// References with votes, by their best 2 × 2 block of neighbouring bins, best first.
    func ranked(limit: Int) -> [LocalFeatureIndex.Candidate] {
        var out: [LocalFeatureIndex.Candidate] = []
        let a = Self.angleBins, s = Self.scaleBins
        for reference in totals.indices where totals[reference] > 0 {
            let base = reference * a * s
            var best: Float = 0
            for i in 0 ..< a {
                let row = base + i * s, next = base + ((i + 1) % a) * s
                for j in 0 ..< s - 1 {
                    let sum = bins[row + j] + bins[row + j + 1] + bins[next + j] + bins[next + j + 1]
                    best = max(best, sum)
                }
            }
            out.append(LocalFeatureIndex.Candidate(position: reference, votes: best, matches: totals[reference]))
        }
        out.sort { ($0.votes, $0.matches, -$0.position) > ($1.votes, $1.matches, -$1.position) }
        return Array(out.prefix(limit))
    }
}
