import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("FingerprintIndex")
struct FingerprintIndexTests {
    @Test("PDQ search returns the nearest references first, within the distance limit")
    func pdqNearestFirst() {
        var rng = SplitMix64(seed: 1)
        let target = Synthetic.bits256(&rng)
        var index = FingerprintIndex(embeddingDimension: 4)
        for i in 0 ..< 500 { index.add(key: Int64(i), pdq: Synthetic.bits256(&rng), pdqQuality: 100, phash: nil, embedding: nil) }
        index.add(key: 900, pdq: Synthetic.flipping(20, bitsOf: target, &rng), pdqQuality: 100, phash: nil, embedding: nil)
        index.add(key: 901, pdq: Synthetic.flipping(5, bitsOf: target, &rng), pdqQuality: 100, phash: nil, embedding: nil)

        let hits = index.nearestPDQ(to: Synthetic.pdq(target), limit: 3, maxDistance: 31)

        #expect(hits.map { index.keys[$0.position] } == [901, 900])
        #expect(hits.map(\.distance) == [5, 20])
    }

    @Test("PDQ search finds a rotated copy through the query's dihedral variants and names the transform")
    func pdqDihedralVariant() {
        var rng = SplitMix64(seed: 2)
        let original = Synthetic.bits256(&rng), rotated = Synthetic.bits256(&rng)
        var variants = (0 ..< 8).map { _ in Synthetic.bits256(&rng) }
        variants[0] = original
        variants[Dihedral.rotate90.rawValue] = rotated
        var index = FingerprintIndex(embeddingDimension: 4)
        index.add(key: 1, pdq: rotated, pdqQuality: 90, phash: nil, embedding: nil)

        let hits = index.nearestPDQ(to: PDQFingerprint(hash: original, quality: 90, dihedral: variants), limit: 1)

        #expect(hits.first?.distance == 0)
        #expect(hits.first?.transform == .rotate90)
    }

    @Test("references without a PDQ hash never match by PDQ")
    func missingPDQNeverMatches() {
        var index = FingerprintIndex(embeddingDimension: 4)
        index.add(key: 1, pdq: nil, pdqQuality: 0, phash: Hash64(0), embedding: nil)

        #expect(index.nearestPDQ(to: Synthetic.pdq(.zero), limit: 5).isEmpty)
        #expect(index.pdqWithin(radius: 256, of: .zero).isEmpty)
    }

    @Test("pHash search ranks by Hamming distance")
    func phashRanking() {
        var index = FingerprintIndex(embeddingDimension: 4)
        index.add(key: 1, pdq: nil, pdqQuality: 0, phash: Hash64(0b1111), embedding: nil)
        index.add(key: 2, pdq: nil, pdqQuality: 0, phash: Hash64(0b1), embedding: nil)

        let hits = index.nearestPHash(to: Hash64(0), limit: 2)

        #expect(hits.map(\.position) == [1, 0])
        #expect(hits.map(\.value) == [1, 4])
    }

    @Test("embedding search ranks by cosine similarity and skips references without one")
    func embeddingRanking() {
        var index = FingerprintIndex(embeddingDimension: 2)
        index.add(key: 1, pdq: nil, pdqQuality: 0, phash: nil, embedding: [1, 0])
        index.add(key: 2, pdq: nil, pdqQuality: 0, phash: nil, embedding: [0.6, 0.8])
        index.add(key: 3, pdq: nil, pdqQuality: 0, phash: nil, embedding: nil)

        let hits = index.nearestEmbeddings(to: [0.8, 0.6], limit: 3)

        #expect(hits.map(\.position) == [1, 0])
        #expect(abs(hits[0].value - 0.96) < 1e-5)
    }

    @Test("range search over many hashes agrees with pairwise distances")
    func rangeSearchAgreesWithPairwise() {
        var rng = SplitMix64(seed: 3)
        let query = Synthetic.bits256(&rng)
        var hashes: [Bits256] = []
        var index = FingerprintIndex(embeddingDimension: 1)
        for i in 0 ..< 2_000 {
            let h = i % 50 == 0 ? Synthetic.flipping(Int(rng.next() % 40), bitsOf: query, &rng) : Synthetic.bits256(&rng)
            hashes.append(h)
            index.add(key: Int64(i), pdq: h, pdqQuality: 100, phash: nil, embedding: nil)
        }

        let expected = hashes.indices.filter { hashes[$0].distance(to: query) <= 31 }
        let found = index.pdqWithin(radius: 31, of: query)

        #expect(found == expected)
        #expect(!expected.isEmpty)
    }
}
