import PalimpsestCore
internal import CPalimpsestKernels

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
    public static func forEachMatch(
        of query: Bits256, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>, within radius: Int,
        _ body: (Int, Int) throws -> Void
    ) rethrows {
        guard radius >= 0, !hashes.isEmpty else { return }
        let radius = Int32(min(radius, 256))
        try hashes.withMemoryRebound(to: UInt64.self) { words in
            try query.withWords { q in
                try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: blockSize) { positions in
                    try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: blockSize) { distances in
                        var start = 0
                        while start < hashes.count {
                            let n = min(blockSize, hashes.count - start)
                            let found = pal_hamming256_within(words.baseAddress! + 4 * start, n, q, radius,
                                                              positions.baseAddress!, distances.baseAddress!)
                            for k in 0 ..< found { try body(start + Int(positions[k]), Int(distances[k])) }
                            start += n
                        }
                    }
                }
            }
        }
    }

    /// Every hash in `hashes` within `radius` of `query`, in buffer order.
    ///
    /// - Parameters:
    ///   - query: the hash to look for.
    ///   - hashes: packed hashes, one per element, words most significant first.
    ///   - radius: the largest distance reported (inclusive).
    /// - Returns: the matching indices with their distances.
    public static func matches(
        of query: Bits256, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>, within radius: Int
    ) -> [Match] {
        var found: [Match] = []
        forEachMatch(of: query, in: hashes, within: radius) { found.append(Match(index: $0, distance: $1)) }
        return found
    }

    /// The distance from `query` to the nearest hash in `hashes`, with its index, or `nil`
    /// for an empty buffer. Ties go to the lowest index.
    public static func nearest(to query: Bits256, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>) -> Match? {
        var best: Match?
        forEachDistance(from: query, in: hashes) { index, distance in
            if distance < best?.distance ?? Int.max { best = Match(index: index, distance: distance) }
        }
        return best
    }

    /// Hashes compared per call of the C kernel: their distances fit in the first-level cache.
    static let blockSize = 4096

    /// Calls `body` with the index and distance of every hash in `hashes`, in buffer order.
    /// The distances are computed block by block by the C kernel, which uses `popcnt` where
    /// the processor has it.
    static func forEachDistance(
        from query: Bits256, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>, _ body: (Int, Int) throws -> Void
    ) rethrows {
        guard !hashes.isEmpty else { return }
        try hashes.withMemoryRebound(to: UInt64.self) { words in
            try query.withWords { q in
                try withUnsafeTemporaryAllocation(of: UInt16.self, capacity: blockSize) { distances in
                    var start = 0
                    while start < hashes.count {
                        let n = min(blockSize, hashes.count - start)
                        pal_hamming256_distances(words.baseAddress! + 4 * start, n, q, distances.baseAddress!)
                        for i in 0 ..< n { try body(start + i, Int(distances[i])) }
                        start += n
                    }
                }
            }
        }
    }
}
