import CPalimpsestKernels
import PalimpsestCore
import PalimpsestFingerprint

/// An in-memory index of reference fingerprints, searched by brute force with `popcnt` and
/// SIMD over small indexes, with memory close to the fingerprints' size (32 bytes of PDQ, 8 of
/// pHash and 4 per embedding dimension per reference). Over large indexes, PDQ and pHash
/// searches within a small distance go through multi-indexes (``PDQIndex``,
/// ``MultiIndexHash64``: the same results), and embedding searches given an
/// ``EmbeddingListing`` through cells (``EmbeddingCells``: exact similarities, but a near
/// embedding in a cell not probed is missed).
///
/// Each reference is named by a caller-chosen `key` (the ledger's image id). A reference may
/// lack a signal, such as a hash-only entry with no embedding.
///
/// ```swift
/// var index = FingerprintIndex(embeddingDimension: 224)
/// index.add(key: 7, pdq: fp.pdq.hash, pdqQuality: fp.pdq.quality, phash: fp.hashes.phash, embedding: fp.embedding)
/// let hits = index.nearestPDQ(to: query.pdq, limit: 10, maxDistance: 90)
/// ```
public struct FingerprintIndex: Sendable {
    /// The length of every embedding in the index.
    public let embeddingDimension: Int
    /// The caller's key of each reference, by position.
    public private(set) var keys: [Int64] = []
    private var pdq = PDQIndex()
    private var phash: [UInt64] = []
    private var hasPHash: [Bool] = []
    private var phashTables = BuiltOnce<MultiIndexHash64>()
    private var embeddings: [Float] = []
    private var hasEmbedding: [Bool] = []
    private var embeddingCount = 0
    /// The embeddings filed in cells, by the listing parameters that shaped them (built at the
    /// first search that needs them, shared by copies until one adds a reference).
    private var cells = Locked<[[Double]: EmbeddingCells]>([:])

    /// Creates an empty index for embeddings of the given length.
    public init(embeddingDimension: Int) {
        self.embeddingDimension = embeddingDimension
    }

    /// Number of references.
    public var count: Int { keys.count }

    /// Reserves room for `n` references.
    public mutating func reserveCapacity(_ n: Int) {
        keys.reserveCapacity(n)
        pdq.reserveCapacity(n)
        phash.reserveCapacity(n)
        hasPHash.reserveCapacity(n)
        embeddings.reserveCapacity(n * embeddingDimension)
        hasEmbedding.reserveCapacity(n)
    }

    /// Adds a reference. Missing signals are stored as absent and never match.
    public mutating func add(key: Int64, pdq hash: Bits256?, pdqQuality quality: Int, phash hash64: Hash64?, embedding: [Float]?) {
        keys.append(key)
        pdq.append(hash, quality: quality)
        phash.append(hash64?.value ?? 0)
        hasPHash.append(hash64 != nil)
        phashTables = BuiltOnce()
        cells = Locked([:])
        if let embedding, embedding.count == embeddingDimension {
            embeddings += embedding
            hasEmbedding.append(true)
            embeddingCount += 1
        } else {
            embeddings += repeatElement(0, count: embeddingDimension)
            hasEmbedding.append(false)
        }
    }

    /// Builds the multi-indexes of the PDQ hashes and pHashes and the embeddings' cells (as
    /// `embeddingListing` files them) now, where the index is large enough to use them, so that
    /// the first search does not pay for it.
    public func prepare(embeddingListing: EmbeddingListing = EmbeddingListing()) {
        pdq.prepare()
        if count >= Self.multiIndexMinimumCount { _ = phashMultiIndex() }
        _ = embeddingCells(embeddingListing)
    }

    /// The embeddings filed in cells as `listing` says, or `nil` when there are too few to file.
    func embeddingCells(_ listing: EmbeddingListing) -> EmbeddingCells? {
        let cellCount = listing.cells(for: embeddingCount)
        guard cellCount > 0 else { return nil }
        return cells.withLock { built in
            if let made = built[listing.buildKey] { return made }
            let positions = hasEmbedding.indices.filter { hasEmbedding[$0] }.map { Int32($0) }
            let made = embeddings.withUnsafeBufferPointer {
                EmbeddingCells(matrix: $0, dimension: embeddingDimension, positions: positions, cells: cellCount,
                               assignmentGroupProbes: listing.assignmentGroupProbes)
            }
            built[listing.buildKey] = made
            return made
        }
    }

    /// Below this many references pHash searches scan every hash (as PDQ's do, see
    /// ``PDQIndex/multiIndexMinimumCount``).
    public static let multiIndexMinimumCount = PDQIndex.multiIndexMinimumCount
    /// The widest pHash search through the multi-index: up to 11 bits, each table is probed at
    /// 2 bits or less (137 buckets of 65,536); wider, the probes cost more than they save.
    public static let phashMultiIndexRadius = 11

    private func phashMultiIndex() -> MultiIndexHash64 {
        phashTables.value { phash.withUnsafeBufferPointer { MultiIndexHash64(hashes: $0) { hasPHash[$0] } } }
    }

    /// Whether the reference at `position` has an embedding.
    public func hasEmbedding(at position: Int) -> Bool { hasEmbedding[position] }

    /// The embedding stored at `position` (zeros when absent).
    public func embedding(at position: Int) -> ArraySlice<Float> {
        embeddings[position * embeddingDimension ..< (position + 1) * embeddingDimension]
    }

    /// The PDQ quality stored at `position` (0 when absent).
    public func pdqQuality(at position: Int) -> Int { pdq.quality(at: position) ?? 0 }

    /// The PDQ hash stored at `position`, or `nil` when the reference has none.
    public func pdqHash(at position: Int) -> Bits256? { pdq.hash(at: position) }

    /// The pHash stored at `position`, if any.
    public func phash(at position: Int) -> Hash64? { hasPHash[position] ? Hash64(phash[position]) : nil }
}

// MARK: - Searches

/// A reference found by a 64-bit hash or an embedding.
public struct ScoredHit: Sendable, Equatable {
    /// Position of the reference in the index.
    public var position: Int
    /// Hamming distance for hashes, cosine similarity for embeddings.
    public var value: Float
}

extension FingerprintIndex {
    /// The references nearest to any dihedral variant of the query, nearest first (ties go to
    /// the lower position).
    ///
    /// - Parameters:
    ///   - query: the query's PDQ fingerprint (all eight variants are tried).
    ///   - limit: how many hits at most.
    ///   - maxDistance: hits farther than this are dropped; over a large index a small
    ///     distance is searched through the multi-index, with the same result.
    public func nearestPDQ(to query: PDQFingerprint, limit: Int, maxDistance: Int = 256) -> [PDQHit] {
        pdq.nearest(to: query, limit: limit, maxDistance: maxDistance)
    }

    /// Every reference within `radius` of the query hash itself (no dihedral variants), by
    /// position, for exhaustive range queries.
    public func pdqWithin(radius: Int, of query: Bits256) -> [Int] {
        pdq.within(radius: radius, of: query).map(\.index)
    }

    /// The references whose pHash is nearest to `query`, nearest first (ties go to the lower
    /// position). Over a large index a small `maxDistance` is searched through a multi-index,
    /// with the same result.
    public func nearestPHash(to query: Hash64, limit: Int, maxDistance: Int = 64,
                             using strategy: PDQIndex.Strategy = .automatic) -> [ScoredHit] {
        var top = TopK<Int>(limit)
        let indexed = switch strategy {
        case .automatic: count >= Self.multiIndexMinimumCount && maxDistance <= Self.phashMultiIndexRadius
        case .bruteForce: false
        case .multiIndex: true
        }
        if indexed {
            var found: [(position: Int, distance: Int)] = []
            phash.withUnsafeBufferPointer { hashes in
                phashMultiIndex().forEachMatch(of: query.value, within: maxDistance, in: hashes) { found.append(($0, $1)) }
            }
            // In position order, so that ties keep the lower position as the scan does.
            for hit in found.sorted(by: { $0.position < $1.position }) { top.offer(rank: Float(hit.distance), hit.position) }
            return top.items.map { ScoredHit(position: $0.item, value: $0.rank) }
        }
        let blockSize = 4096
        phash.withUnsafeBufferPointer { hashes in
            hasPHash.withUnsafeBufferPointer { present in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize) { distances in
                    var start = 0
                    while start < hashes.count {
                        let n = min(blockSize, hashes.count - start)
                        pal_hamming64_distances(hashes.baseAddress! + start, n, query.value, distances.baseAddress!)
                        for j in 0 ..< n where present[start + j] && Int(distances[j]) <= maxDistance {
                            top.offer(rank: Float(distances[j]), start + j)
                        }
                        start += n
                    }
                }
            }
        }
        return top.items.map { ScoredHit(position: $0.item, value: $0.rank) }
    }

    /// The references whose embeddings are most similar to `query` (cosine), most similar first.
    public func nearestEmbeddings(to query: [Float], limit: Int) -> [ScoredHit] {
        guard query.count == embeddingDimension else { return [] }
        var top = TopK<Int>(limit)
        similarities(to: query) { i, similarity in top.offer(rank: -similarity, i) }
        return top.items.map { ScoredHit(position: $0.item, value: -$0.rank) }
    }

    /// The references whose embeddings are most similar to `query` (cosine), most similar first,
    /// among those filed in the cells a search probes as `listing` says (every one, below its
    /// `minimumCount`). The similarities are exact; what cells can miss is a near embedding
    /// filed in a cell not probed.
    public func nearestEmbeddings(to query: [Float], limit: Int, listing: EmbeddingListing) -> [ScoredHit] {
        guard query.count == embeddingDimension else { return [] }
        guard let cells = embeddingCells(listing) else { return nearestEmbeddings(to: query, limit: limit) }
        var top = TopK<Int>(limit)
        let dim = embeddingDimension
        embeddings.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { q in
                for p in cells.candidates(of: q.baseAddress!, probes: listing.probes, groupProbes: listing.groupProbes) {
                    top.offer(rank: -Self.dot(matrix.baseAddress! + Int(p) * dim, q.baseAddress!, dim), Int(p))
                }
            }
        }
        return top.items.map { ScoredHit(position: $0.item, value: -$0.rank) }
    }

    /// Calls `body` with the cosine similarity of `query` to every reference that has an embedding.
    public func similarities(to query: [Float], _ body: (Int, Float) -> Void) {
        let dim = embeddingDimension
        embeddings.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { q in
                for i in 0 ..< keys.count where hasEmbedding[i] {
                    body(i, Self.dot(matrix.baseAddress! + i * dim, q.baseAddress!, dim))
                }
            }
        }
    }

    /// The cosine similarity of `query` to the embedding at `position`, computed exactly as
    /// ``similarities(to:_:)`` computes it (so a pair's value does not depend on which search
    /// found it); `nil` when the reference has none or `query` has another dimension.
    public func similarity(of query: [Float], at position: Int) -> Float? {
        guard query.count == embeddingDimension, hasEmbedding[position] else { return nil }
        return embeddings.withUnsafeBufferPointer { matrix in
            query.withUnsafeBufferPointer { q in Self.dot(matrix.baseAddress! + position * embeddingDimension, q.baseAddress!, embeddingDimension) }
        }
    }

    /// The dot product of two unit vectors of `dim` lanes: sixteen lanes at a time, in two
    /// accumulators, then the lanes summed.
    @inline(__always)
    static func dot(_ row: UnsafePointer<Float>, _ q: UnsafePointer<Float>, _ dim: Int) -> Float {
        let bytes = UnsafeRawPointer(row), query = UnsafeRawPointer(q)
        var a = SIMD8<Float>(), b = SIMD8<Float>()
        var j = 0
        while j + 16 <= dim {
            a += bytes.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                * query.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            b += bytes.loadUnaligned(fromByteOffset: 4 * j + 32, as: SIMD8<Float>.self)
                * query.loadUnaligned(fromByteOffset: 4 * j + 32, as: SIMD8<Float>.self)
            j += 16
        }
        var sum = (a + b).sum()
        while j < dim { sum += row[j] * q[j]; j += 1 }
        return sum
    }
}
