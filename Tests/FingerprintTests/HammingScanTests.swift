import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("HammingScan")
struct HammingScanTests {
    @Test func findsExactlyTheHashesWithinTheRadius() {
        // Given a query and stored hashes at known distances from it
        var rng = SplitMix64(seed: 7)
        let query = Synthetic.bits256(&rng)
        let distances = [0, 31, 32, 5, 200, 31, 256]
        let stored = distances.map { d in
            d == 256 ? Bits256(words: ~query.words) : Synthetic.flipping(d, bitsOf: query, &rng)
        }
        let words = stored.map(\.words)
        // When scanning with PDQ's match threshold
        let hits = words.withUnsafeBufferPointer { HammingScan.matches(of: query, in: $0, within: 31) }
        // Then exactly the hashes at distance <= 31 come back, in order, with their distances
        #expect(hits == [
            HammingScan.Match(index: 0, distance: 0), HammingScan.Match(index: 1, distance: 31),
            HammingScan.Match(index: 3, distance: 5), HammingScan.Match(index: 5, distance: 31),
        ])
        let nearest = words.withUnsafeBufferPointer { HammingScan.nearest(to: query, in: $0) }
        #expect(nearest == HammingScan.Match(index: 0, distance: 0))
    }

    @Test func agreesWithBits256Distance() {
        var rng = SplitMix64(seed: 11)
        let stored = (0 ..< 500).map { _ in Synthetic.bits256(&rng) }
        let query = Synthetic.bits256(&rng)
        let words = stored.map(\.words)
        var seen: [Int: Int] = [:]
        words.withUnsafeBufferPointer { buffer in
            HammingScan.forEachMatch(of: query, in: buffer, within: 256) { seen[$0] = $1 }
        }
        let agree = stored.indices.allSatisfy { seen[$0] == stored[$0].distance(to: query) }
        #expect(agree)
        #expect(seen.count == stored.count)
    }

    @Test func emptyBufferAndNegativeRadius() {
        let empty: [SIMD4<UInt64>] = []
        #expect(empty.withUnsafeBufferPointer { HammingScan.nearest(to: .zero, in: $0) } == nil)
        let one = [Bits256.zero.words]
        #expect(one.withUnsafeBufferPointer { HammingScan.matches(of: .zero, in: $0, within: -1) }.isEmpty)
    }
}
