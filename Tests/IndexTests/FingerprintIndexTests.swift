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

    @Test("pHash search through the multi-index finds exactly what scanning every hash finds, at every radius it serves")
    func phashMultiIndexAgreesWithScan() {
        var rng = SplitMix64(seed: 11)
        let query = rng.next()
        var index = FingerprintIndex(embeddingDimension: 1)
        for i in 0 ..< 6_000 {
            // Every tenth hash near the query (up to 14 bits flipped), some without a pHash, the rest random;
            // duplicates make ties.
            var hash = rng.next()
            if i % 10 == 0 {
                hash = query
                for _ in 0 ..< Int(rng.next() % 15) { hash ^= 1 << (rng.next() % 64) }
            }
            if i % 97 == 0 { hash = query ^ 0b101 }
            index.add(key: Int64(i), pdq: nil, pdqQuality: 0, phash: i % 13 == 0 ? nil : Hash64(hash), embedding: nil)
        }
        #expect(index.count >= FingerprintIndex.multiIndexMinimumCount)

        for radius in 0 ... FingerprintIndex.phashMultiIndexRadius {
            let scanned = index.nearestPHash(to: Hash64(query), limit: 40, maxDistance: radius, using: .bruteForce)
            let indexed = index.nearestPHash(to: Hash64(query), limit: 40, maxDistance: radius, using: .multiIndex)
            #expect(indexed == scanned, "radius \(radius)")
            #expect(radius < 2 || !scanned.isEmpty)
        }
    }

    /// A unit vector of `dimension` lanes drawn from `rng`.
    static func unitVector(_ dimension: Int, _ rng: inout SplitMix64) -> [Float] {
        let v = (0 ..< dimension).map { _ in Float(Int(rng.next() % 2001) - 1000) }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    /// 3,000 embeddings in 60 clusters (some references without one), as a corpus's cluster by subject.
    static func clusteredIndex() -> FingerprintIndex {
        var rng = SplitMix64(seed: 5)
        let centres = (0 ..< 60).map { _ in unitVector(32, &rng) }
        var index = FingerprintIndex(embeddingDimension: 32)
        for i in 0 ..< 3_000 {
            let noise = unitVector(32, &rng), centre = centres[Int(rng.next() % 60)]
            let mixed = zip(centre, noise).map { $0 + 0.6 * $1 }
            let norm = mixed.reduce(0) { $0 + $1 * $1 }.squareRoot()
            index.add(key: Int64(i), pdq: nil, pdqQuality: 0, phash: nil, embedding: i % 17 == 0 ? nil : mixed.map { $0 / norm })
        }
        return index
    }

    @Test("embedding search through cells finds each reference's own embedding first, with the similarities every comparison gives")
    func embeddingCellsFindNearEmbeddings() throws {
        let index = Self.clusteredIndex()
        var listing = EmbeddingListing()
        listing.minimumCount = 1_000
        listing.probes = 8
        for position in stride(from: 1, to: 3_000, by: 97) where index.hasEmbedding(at: position) {
            let query = Array(index.embedding(at: position))
            let found = index.nearestEmbeddings(to: query, limit: 5, listing: listing)
            #expect(found.first?.position == position)
            for hit in found { #expect(hit.value == index.similarity(of: query, at: hit.position)) }
        }
    }

    @Test("below the listing's minimum count, embedding search compares every embedding: exactly the exhaustive search")
    func fewEmbeddingsAreAllCompared() {
        let index = Self.clusteredIndex()
        var rng = SplitMix64(seed: 9)
        let query = Self.unitVector(32, &rng)
        var listing = EmbeddingListing()
        listing.minimumCount = 3_001
        #expect(index.nearestEmbeddings(to: query, limit: 16, listing: listing) == index.nearestEmbeddings(to: query, limit: 16))
        listing.minimumCount = 1_000
        listing.probes = 1
        // Filed in cells and probing one, the search compares a fraction, not every embedding.
        #expect(index.nearestEmbeddings(to: query, limit: 3_000, listing: listing).count < 3_000 / 2)
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
