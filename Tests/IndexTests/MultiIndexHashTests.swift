import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestTestSupport
import Testing

/// The multi-index must find exactly what brute force finds: the same positions at the same
/// distances, in the same order, whatever the radius, the layout or the data.
@Suite("Multi-index hashing")
struct MultiIndexHashTests {
    /// Random hashes, with clusters of near neighbours (0 to 40 bits from a centre) and exact
    /// duplicates planted among them; the centres are returned for queries.
    static func plantedColumn(count: Int, seed: UInt64) -> (column: PDQIndex, hashes: [Bits256], centres: [Bits256]) {
        var rng = SplitMix64(seed: seed)
        let centres = (0 ..< 20).map { _ in Synthetic.bits256(&rng) }
        var hashes: [Bits256] = []
        for i in 0 ..< count {
            switch i % 10 {
            case 0: hashes.append(Synthetic.flipping(Int(rng.next() % 41), bitsOf: centres[i % centres.count], &rng))
            case 1 where i > 100: hashes.append(hashes[Int(rng.next() % UInt64(i))])
            default: hashes.append(Synthetic.bits256(&rng))
            }
        }
        return (PDQIndex(hashes: hashes, qualities: hashes.map { _ in 100 }), hashes, centres)
    }

    /// Queries: the centres, near-duplicates of stored hashes and unrelated hashes.
    static func queries(_ hashes: [Bits256], _ centres: [Bits256], seed: UInt64) -> [Bits256] {
        var rng = SplitMix64(seed: seed)
        let near = (0 ..< 20).map { _ in Synthetic.flipping(5 + Int(rng.next() % 21), bitsOf: hashes[Int(rng.next() % UInt64(hashes.count))], &rng) }
        return centres + near + (0 ..< 10).map { _ in Synthetic.bits256(&rng) }
    }

    @Test("range searches equal brute force at every radius, with both layouts", arguments: [3, 4])
    func rangeEqualsBruteForce(substringsPerWord: Int) {
        // Given a column with planted neighbours and duplicates, and tables built with this layout
        let (_, hashes, centres) = Self.plantedColumn(count: 4_000, seed: 11)
        let packed = hashes.map(\.words)
        let tables = packed.withUnsafeBufferPointer { MultiIndexHash(hashes: $0, layout: .init(substringsPerWord: substringsPerWord)) }

        // When every query is searched at radii from 0 to the whole width (a few at the widest,
        // where the tables are walked almost whole)
        for radius in [0, 1, 11, 16, 31, 32, 40, 47, 64, 256] {
            for query in Self.queries(hashes, centres, seed: UInt64(radius)).prefix(radius > 47 ? 4 : 50) {
                let (expected, found) = packed.withUnsafeBufferPointer {
                    (HammingScan.matches(of: query, in: $0, within: radius), tables.matches(of: query, within: radius, in: $0))
                }
                // Then the multi-index reports exactly the brute-force matches, by position
                let same = expected == found
                #expect(same, "radius \(radius): \(found.count) found, \(expected.count) expected")
            }
        }
    }

    @Test("planted neighbours are all found, and the searches did find some")
    func plantedNeighboursAreFound() {
        let (column, hashes, centres) = Self.plantedColumn(count: 4_000, seed: 12)

        let found = centres.map { column.within(radius: 31, of: $0, using: .multiIndex) }

        let expected = centres.map { centre in hashes.indices.filter { hashes[$0].distance(to: centre) <= 31 } }
        #expect(found.map { $0.map(\.index) } == expected)
        #expect(zip(found, centres).allSatisfy { hits, centre in hits.allSatisfy { $0.distance == hashes[$0.index].distance(to: centre) } })
        #expect(expected.reduce(0) { $0 + $1.count } > 100)
    }

    @Test("nearest over eight dihedral variants equals brute force: hits, distances, transforms and tie order")
    func nearestEqualsBruteForce() {
        var rng = SplitMix64(seed: 13)
        let (column, hashes, centres) = Self.plantedColumn(count: 3_000, seed: 14)
        for centre in centres + Self.queries(hashes, [], seed: 15) {
            // Several variants near the same stored hashes, so that transforms tie
            let variants = (0 ..< 8).map { v in v % 3 == 0 ? Synthetic.flipping(v, bitsOf: centre, &rng) : Synthetic.bits256(&rng) }
            let query = PDQFingerprint(hash: variants[0], quality: 100, dihedral: variants)
            for (limit, radius) in [(5, 31), (50, 40), (1_000, 0), (3, 256)] {
                let brute = column.nearest(to: query, limit: limit, maxDistance: radius, using: .bruteForce)
                let indexed = column.nearest(to: query, limit: limit, maxDistance: radius, using: .multiIndex)
                #expect(brute == indexed, "limit \(limit), radius \(radius)")
            }
        }
    }

    @Test("radius 0 finds exact copies only; 256, the largest, finds everything")
    func edgeRadii() {
        let (column, hashes, _) = Self.plantedColumn(count: 2_000, seed: 16)
        let probe = hashes[1_234]

        let exact = column.within(radius: 0, of: probe, using: .multiIndex)
        let everything = column.within(radius: 256, of: probe, using: .multiIndex)

        #expect(exact.map(\.index) == hashes.indices.filter { hashes[$0] == probe })
        #expect(exact.allSatisfy { $0.distance == 0 })
        #expect(everything.map(\.index) == Array(hashes.indices))
        #expect(everything.map(\.distance) == hashes.map { $0.distance(to: probe) })
    }

    @Test("an empty column finds nothing")
    func emptyColumn() {
        let column = PDQIndex()

        #expect(column.within(radius: 31, of: .zero, using: .multiIndex).isEmpty)
        #expect(column.nearest(to: Synthetic.pdq(.zero), limit: 5, using: .multiIndex).isEmpty)
    }

    @Test("duplicate hashes are all reported, lowest position first")
    func duplicates() {
        var rng = SplitMix64(seed: 17)
        let twin = Synthetic.bits256(&rng)
        var column = PDQIndex()
        for i in 0 ..< 500 { column.append(i % 100 == 7 ? twin : Synthetic.bits256(&rng), quality: 90) }

        let found = column.within(radius: 10, of: twin, using: .multiIndex)
        let nearest = column.nearest(to: Synthetic.pdq(twin), limit: 3, maxDistance: 10, using: .multiIndex)

        #expect(found.map(\.index) == [7, 107, 207, 307, 407])
        #expect(nearest.map(\.position) == [7, 107, 207])
        #expect(nearest.allSatisfy { $0.distance == 0 && $0.transform == .original })
    }

    @Test("absent hashes never match, through the multi-index either")
    func absentHashes() {
        var column = PDQIndex()
        column.append(nil, quality: nil)
        column.append(.zero, quality: nil)

        #expect(column.within(radius: 256, of: .zero, using: .multiIndex).map(\.index) == [1])
        #expect(column.hash(at: 0) == nil)
        #expect(column.quality(at: 1) == nil)
    }

    @Test("the pigeonhole radii cover the radius exactly: one more than the sum of (substring radius + 1) would exceed it")
    func substringRadii() {
        for layout in [MultiIndexHash.Layout(substringsPerWord: 3), .init(substringsPerWord: 4), .init(substringsPerWord: 5)] {
            for radius in 0 ... 120 {
                let radii = layout.substringRadii(for: radius)
                #expect(radii.count == layout.substringCount)
                #expect(radii.reduce(0) { $0 + $1 + 1 } == radius + 1, "\(layout.substringsPerWord) per word, radius \(radius)")
            }
        }
        #expect(MultiIndexHash.Layout(substringsPerWord: 3).widths == [22, 21, 21])
    }

    @Test("the automatic strategy keeps brute force for small columns and wide radii")
    func automaticStrategy() {
        var rng = SplitMix64(seed: 18)
        let small = PDQIndex(hashes: (0 ..< 1_000).map { _ in Synthetic.bits256(&rng) }, qualities: Array(repeating: nil, count: 1_000))
        let large = PDQIndex(hashes: (0 ..< 200_000).map { _ in Synthetic.bits256(&rng) }, qualities: Array(repeating: nil, count: 200_000))

        #expect(!small.prefersMultiIndex(radius: 31))
        #expect(large.prefersMultiIndex(radius: 31))
        #expect(!large.prefersMultiIndex(radius: 90))
        let query = Synthetic.flipping(20, bitsOf: large.hash(at: 4_321)!, &rng)
        #expect(large.within(radius: 31, of: query).map(\.index) == [4_321])
    }
}
