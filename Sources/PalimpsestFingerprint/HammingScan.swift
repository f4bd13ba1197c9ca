/// Brute-force search of packed 256-bit hashes (such as PDQ hashes) for every hash within a
/// Hamming radius of a query.
///
/// The hashes sit in one contiguous buffer of `SIMD4<UInt64>`, one hash per element in
/// ``Bits256``'s word order, so a distance is four XORs and four population counts (about
/// 1 ns each with `popcnt`). An index can keep its hashes in such a buffer and scan it
/// directly, or use the scan to verify candidates from a multi-index.
///
/// ```swift
/// let stored: [SIMD4<UInt64>] = references.map(\.hash.words)
/// let hits = stored.withUnsafeBufferPointer {
///     HammingScan.matches(of: query, in: $0, within: 31)
/// }
/// for hit in hits { print(hit.index, hit.distance) }
/// ```
public enum HammingScan {
    /// A hash found by a scan.
    public struct Match: Hashable, Sendable {
        /// The hash's position in the scanned buffer.
        public var index: Int
        /// Its Hamming distance to the query, 0…256.
        public var distance: Int

        /// Creates a match.
        public init(index: Int, distance: Int) {
            self.index = index
            self.distance = distance
        }
    }

    /// Calls `body` with the index and distance of every hash in `hashes` within `radius` of
    /// `query`, in buffer order.
    ///
    /// - Parameters:
    ///   - query: the hash to look for.
    ///   - hashes: packed hashes, one per element, words most significant first.
    ///   - radius: the largest distance reported (inclusive); negative reports nothing.
    ///   - body: receives `(index, distance)` for each hash within the radius.
    @inlinable
    public static func forEachMatch(
        of query: Bits256, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>, within radius: Int,
        _ body: (Int, Int) throws -> Void
    ) rethrows {
        let q = query.words
        for index in hashes.indices {
            let distance = Int(truncatingIfNeeded: (hashes[index] ^ q).nonzeroBitCount.wrappedSum())
            if distance <= radius { try body(index, distance) }
        }
    }

    /// Every hash in `hashes` within `radius` of `query`, in buffer order.
    ///
    /// - Parameters:
    ///   - query: the hash to look for.
    ///   - hashes: packed hashes, one per element, words most significant first.
    ///   - radius: the largest distance reported (inclusive).
    /// - Returns: the matching indices with their distances.
    @inlinable
    public static func matches(
        of query: Bits256, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>, within radius: Int
    ) -> [Match] {
        var found: [Match] = []
        forEachMatch(of: query, in: hashes, within: radius) { found.append(Match(index: $0, distance: $1)) }
        return found
    }

    /// The distance from `query` to the nearest hash in `hashes`, with its index, or `nil`
    /// for an empty buffer. Ties go to the lowest index.
    @inlinable
    public static func nearest(to query: Bits256, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>) -> Match? {
        var best: Match?
        let q = query.words
        for index in hashes.indices {
            let distance = Int(truncatingIfNeeded: (hashes[index] ^ q).nonzeroBitCount.wrappedSum())
            if distance < best?.distance ?? Int.max { best = Match(index: index, distance: distance) }
        }
        return best
    }
}
