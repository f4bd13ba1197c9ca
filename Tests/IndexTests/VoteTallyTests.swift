@testable import PalimpsestIndex
import Testing

/// The tally of local-feature votes: only votes agreeing on one change of direction and scale
/// add up, and only references that were voted for take room.
@Suite("Vote tally")
struct VoteTallyTests {
    @Test func votesAgreeingOnOneTransformAddUpAndScatteredOnesDoNot() {
        var tally = VoteTally()
        for _ in 0 ..< 5 { tally.add(reference: 2, turn: 0.1, logScale: 0.2) }
        for k in 0 ..< 5 { tally.add(reference: 7, turn: Float(k) * 1.3, logScale: Float(k) - 2) }

        let ranked = tally.ranked(limit: 10)

        #expect(ranked.map(\.position) == [2, 7])
        #expect(ranked.first?.votes == 5 && ranked.last.map { $0.votes < 5 && $0.matches == 5 } == true)
    }

    @Test func aReferenceFarAlongTheIndexTakesRoomOnlyForItself() {
        var tally = VoteTally()
        tally.add(reference: 50_000_000, turn: 0, logScale: 0)
        tally.add(reference: 3, turn: 0, logScale: 0)
        tally.add(reference: 3, turn: 0, logScale: 0)

        #expect(tally.ranked(limit: 5).map(\.position) == [3, 50_000_000])
    }
}
