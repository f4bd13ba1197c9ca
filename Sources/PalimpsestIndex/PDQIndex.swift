import CPalimpsestKernels
import Foundation
import PalimpsestCore
import PalimpsestFingerprint

/// A searchable column of PDQ hashes with their qualities: range and nearest-neighbour
/// searches over the query's eight dihedral variants, by brute force (`popcnt` over packed
/// words) or, for large columns and small radii, through a ``MultiIndexHash``, with identical
/// results either way.
///
/// The multi-index is built at the first search that uses it, or by ``prepare()``; adding a
/// hash discards it. Searches may run concurrently.
///
/// ```swift
/// var column = PDQIndex()
/// for entry in hashList { column.append(entry.hash, quality: entry.quality) }
/// column.prepare()
/// let hits = column.nearest(to: query.pdq, limit: 10, maxDistance: 31)
/// ```
public struct PDQIndex: Sendable {
    /// How a search runs.
    public enum Strategy: Sendable, Equatable {
        /// The multi-index when ``PDQIndex/prefersMultiIndex(radius:)`` says it is faster,
        /// else brute force.
        case automatic
        /// Every hash is compared with the query.
        case bruteForce
        /// Only the hashes the multi-index proposes are compared.
        case multiIndex
    }

    /// Below this many hashes brute force is used whatever the radius: the multi-index catches
    /// up with brute force at a few thousand hashes (`make bench`), and the switch is made
    /// where its gain is clear however loaded the machine is.
    public static let multiIndexMinimumCount = 5_000

    private var hashes: [Bits256] = []
    private var qualities: [UInt8] = []
    private var present: [Bool] = []
    private var absent = 0
    private var multiIndex = BuiltOnce<MultiIndexHash>()
    /// The largest radius searched through the multi-index.
    private var multiIndexRadius = BuiltOnce<Int>()

    /// Marks an unknown quality in ``qualities``.
    private static let unknownQuality = UInt8.max

    /// A quality as stored: clamped to 0…100, or ``unknownQuality``.
    private static func stored(_ quality: Int?) -> UInt8 {
        quality.map { UInt8(clamping: min(100, max(0, $0))) } ?? unknownQuality
    }

    /// An empty column.
    public init() {}

    /// A column holding `hashes` with their qualities (`nil` when unknown), in order.
    public init(hashes: [Bits256], qualities: [Int?]) {
        precondition(hashes.count == qualities.count, "one quality per hash")
        self.hashes = hashes
        self.qualities = qualities.map(Self.stored)
        present = Array(repeating: true, count: hashes.count)
    }

    /// Number of positions, with or without a hash.
    public var count: Int { hashes.count }

    /// Reserves room for `n` hashes.
    public mutating func reserveCapacity(_ n: Int) {
        hashes.reserveCapacity(n)
        qualities.reserveCapacity(n)
        present.reserveCapacity(n)
    }

    /// Appends a hash (or an absent one, which never matches) and its quality (`nil` when unknown).
    public mutating func append(_ hash: Bits256?, quality: Int?) {
        hashes.append(hash ?? .zero)
        qualities.append(Self.stored(quality))
        present.append(hash != nil)
        if hash == nil { absent += 1 }
        multiIndex = BuiltOnce()
        multiIndexRadius = BuiltOnce()
    }

    /// The hash at `position`, or `nil` when absent.
    public func hash(at position: Int) -> Bits256? { present[position] ? hashes[position] : nil }

    /// The quality of the hash at `position` (0…100), or `nil` when unknown or absent.
    public func quality(at position: Int) -> Int? {
        present[position] && qualities[position] != Self.unknownQuality ? Int(qualities[position]) : nil
    }

    /// Builds the multi-index now, when the column is large enough to use one, so that the
    /// first search does not pay for it.
    public func prepare() {
        if hashes.count - absent >= Self.multiIndexMinimumCount { _ = tables() }
    }

    /// Bytes held by the hashes, qualities and (once built) the multi-index.
    public var memoryFootprint: Int {
        hashes.count * (MemoryLayout<Bits256>.stride + 2) + (multiIndex.existing?.memoryFootprint ?? 0)
    }

    /// Whether the multi-index is expected to beat brute force for a search at `radius`: the
    /// column holds at least ``multiIndexMinimumCount`` hashes and the buckets probed and hashes
    /// checked cost less than a scan (a probe or a check costs about four scanned hashes,
    /// since it reads memory at random).
    public func prefersMultiIndex(radius: Int) -> Bool {
        let n = hashes.count - absent
        guard n >= Self.multiIndexMinimumCount else { return false }
        return radius <= multiIndexRadius.value {
            // The work grows with the radius: the last radius where it beats a scan, or −1.
            let layout = MultiIndexHash.Layout.forCount(n)
            var radius = -1
            while radius < 256 {
                let work = layout.expectedWork(radius: radius + 1, count: n)
                guard 4 * (work.probes + work.candidates) < Double(n) else { break }
                radius += 1
            }
            return radius
        }
    }

    // MARK: - Searches

    /// Every hash within `radius` of `query` itself (no dihedral variants), by position.
    ///
    /// - Parameters:
    ///   - radius: the largest distance reported (inclusive).
    ///   - query: the hash to look for.
    ///   - strategy: how to search; the result is the same.
    public func within(radius: Int, of query: Bits256, using strategy: Strategy = .automatic) -> [HammingScan.Match] {
        withPackedHashes { packed in
            if usesMultiIndex(strategy, radius: radius) {
                return tables().matches(of: query, within: radius, in: packed)
            }
            var found: [HammingScan.Match] = []
            HammingScan.forEachMatch(of: query, in: packed, within: radius) { index, distance in
                if absent == 0 || present[index] { found.append(HammingScan.Match(index: index, distance: distance)) }
            }
            return found
        }
    }

    /// The hashes nearest to any dihedral variant of the query, nearest first; ties go to the
    /// lower position, and each hit names the first variant at its distance.
    ///
    /// - Parameters:
    ///   - query: the query's PDQ fingerprint (all eight variants are tried).
    ///   - limit: how many hits at most.
    ///   - maxDistance: hits farther than this are dropped.
    ///   - strategy: how to search; the result is the same.
    public func nearest(to query: PDQFingerprint, limit: Int, maxDistance: Int = 256,
                        using strategy: Strategy = .automatic) -> [PDQHit] {
        guard limit > 0 else { return [] }
        return withPackedHashes { packed in
            usesMultiIndex(strategy, radius: maxDistance)
                ? nearestByMultiIndex(query, packed, limit: limit, maxDistance: maxDistance)
                : nearestByScan(query, packed, limit: limit, maxDistance: maxDistance)
        }
    }

    private func nearestByScan(_ query: PDQFingerprint, _ hashes: UnsafeBufferPointer<SIMD4<UInt64>>,
                               limit: Int, maxDistance: Int) -> [PDQHit] {
        let variants = query.dihedral.map(\.words)
        var top = TopK<(Int, Int)>(limit)
        let blockSize = 4096
        hashes.withMemoryRebound(to: UInt64.self) { words in
            variants.withUnsafeBufferPointer { $0.withMemoryRebound(to: UInt64.self) { variants in
                present.withUnsafeBufferPointer { present in
                    withUnsafeTemporaryAllocation(of: UInt16.self, capacity: blockSize) { distances in
                        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize) { nearestVariant in
                            var start = 0
                            while start < hashes.count {
                                let n = min(blockSize, hashes.count - start)
                                pal_hamming256_nearest_variant(words.baseAddress! + 4 * start, n, variants.baseAddress!,
                                                               distances.baseAddress!, nearestVariant.baseAddress!)
                                for j in 0 ..< n where present[start + j] && Int(distances[j]) <= maxDistance {
                                    top.offer(rank: Float(distances[j]), (start + j, Int(nearestVariant[j])))
                                }
                                start += n
                            }
                        }
                    }
                }
            } }
        }
        return top.items.map { PDQHit(position: $0.item.0, distance: Int($0.rank), transform: Dihedral(rawValue: $0.item.1)!) }
    }

    private func nearestByMultiIndex(_ query: PDQFingerprint, _ hashes: UnsafeBufferPointer<SIMD4<UInt64>>,
                                     limit: Int, maxDistance: Int) -> [PDQHit] {
        let tables = tables()
        var best: [Int: PDQHit] = [:]
        for (v, variant) in query.dihedral.enumerated() {
            tables.forEachMatch(of: variant, within: maxDistance, in: hashes) { position, distance in
                // Variants come in order, so an equal distance keeps the earlier variant.
                if let known = best[position], known.distance <= distance { return }
                best[position] = PDQHit(position: position, distance: distance, transform: Dihedral(rawValue: v)!)
            }
        }
        return Array(best.values.sorted { ($0.distance, $0.position) < ($1.distance, $1.position) }.prefix(limit))
    }

    // MARK: - Helpers

    private func usesMultiIndex(_ strategy: Strategy, radius: Int) -> Bool {
        switch strategy {
        case .automatic: prefersMultiIndex(radius: radius)
        case .bruteForce: false
        case .multiIndex: true
        }
    }

    private func tables() -> MultiIndexHash {
        multiIndex.value {
            withPackedHashes { packed in
                MultiIndexHash(hashes: packed, layout: .forCount(hashes.count - absent)) { absent == 0 || present[$0] }
            }
        }
    }

    /// The hashes as packed words (``Bits256`` is one `SIMD4<UInt64>`).
    private func withPackedHashes<T>(_ body: (UnsafeBufferPointer<SIMD4<UInt64>>) -> T) -> T {
        hashes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: SIMD4<UInt64>.self) { body($0) }
        }
    }
}

/// A reference found by PDQ: the smallest distance over the query's eight dihedral hashes.
public struct PDQHit: Sendable, Equatable {
    /// Position of the reference in the index.
    public var position: Int
    /// Hamming distance, 0…256.
    public var distance: Int
    /// Which transform of the query matched the reference best.
    public var transform: Dihedral

    /// Creates a hit.
    public init(position: Int, distance: Int, transform: Dihedral) {
        self.position = position
        self.distance = distance
        self.transform = transform
    }
}
