import PalimpsestCore
import Foundation

/// Per-reference votes binned by the change of keypoint direction and log-scale they imply,
/// so that only votes agreeing on one similarity transform add up.
///
/// Only references that receive a vote get bins, in the order they first do: a query's votes
/// reach at most as many references as it has keypoints, so a tally's cost does not grow with
/// the number of references searched.
struct VoteTally {
    /// Direction bins over the full circle (30° each).
    static let angleBins = 12
    /// Log2-scale bins of 0.5 over −4…4.
    static let scaleBins = 16

    /// The bins of each voted reference, one block of `angleBins × scaleBins` per slot.
    private var bins: [Float] = []
    /// Each voted reference's votes, by slot.
    private var totals: [Int] = []
    /// Each slot's reference.
    private var references: [Int] = []
    /// Each voted reference's slot.
    private var slots: [Int: Int] = [:]

    /// An empty tally.
    init() {}

    /// Records a vote for `reference` implying rotation `turn` (radians) and log2-scale change
    /// `logScale`.
    mutating func add(reference: Int, turn: Float, logScale: Float) {
        var a = turn.truncatingRemainder(dividingBy: 2 * .pi)
        if a < 0 { a += 2 * .pi }
        let angleBin = min(Self.angleBins - 1, Int(a / (2 * .pi) * Float(Self.angleBins)))
        let scaleBin = min(Self.scaleBins - 1, max(0, Int((logScale + 4) * 2)))
        let slot = slots[reference] ?? newSlot(for: reference)
        bins[(slot * Self.angleBins + angleBin) * Self.scaleBins + scaleBin] += 1
        totals[slot] += 1
    }

    /// Gives `reference` empty bins.
    private mutating func newSlot(for reference: Int) -> Int {
        let slot = references.count
        slots[reference] = slot
        references.append(reference)
        totals.append(0)
        bins.append(contentsOf: repeatElement(0, count: Self.angleBins * Self.scaleBins))
        return slot
    }

    /// References with votes, by their best 2 × 2 block of neighbouring bins, best first.
    func ranked(limit: Int) -> [LocalFeatureIndex.Candidate] {
        var out: [LocalFeatureIndex.Candidate] = []
        let a = Self.angleBins, s = Self.scaleBins
        for (slot, reference) in references.enumerated() {
            let base = slot * a * s
            var best: Float = 0
            for i in 0 ..< a {
                let row = base + i * s, next = base + ((i + 1) % a) * s
                for j in 0 ..< s - 1 {
                    let sum = bins[row + j] + bins[row + j + 1] + bins[next + j] + bins[next + j + 1]
                    best = max(best, sum)
                }
            }
            out.append(LocalFeatureIndex.Candidate(position: reference, votes: best, matches: totals[slot]))
        }
        out.sort { ($0.votes, $0.matches, -$0.position) > ($1.votes, $1.matches, -$1.position) }
        return Array(out.prefix(limit))
    }
}
