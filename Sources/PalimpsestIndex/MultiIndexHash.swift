import PalimpsestCore
import CPalimpsestKernels
import PalimpsestFingerprint

/// Multi-index hashing (Norouzi, Punjani and Fleet, "Fast Search in Hamming Space with
/// Multi-Index Hashing", CVPR 2012) over packed 256-bit hashes: an exact range search that
/// reads a small fraction of the hashes.
///
/// The 256 bits are cut into `m` disjoint substrings, `k` per 64-bit word (`m = 4k`). If two
/// hashes differ in at most `r` bits, the pigeonhole principle says some substring differs in
/// at most `⌊r/m⌋` bits; more precisely, with `r = m·s + a`, one of `a + 1` chosen substrings
/// differs in at most `s` bits or one of the others in at most `s − 1`. Each substring has
/// its own table, a bucket per substring value; a search visits, in each table, the buckets
/// of every value within that table's radius of the query's substring, and checks the full
/// distance of each hash found there. Every hash within `r` is found, and only those are
/// reported, so the result is exactly that of a brute-force scan.
///
/// Tables are compressed sparse rows: per table, `2^w + 1` bucket offsets and one 32-bit
/// position per hash, positions ascending within a bucket. With 16 substrings of 16 bits
/// that is 64 bytes per hash plus 4 MB; with 12 substrings of 21 or 22 bits, 48 bytes per
/// hash plus 128 MB. The hashes themselves stay with the caller.
///
/// ```swift
/// let hashes: [SIMD4<UInt64>] = stored.map(\.words)
/// let tables = hashes.withUnsafeBufferPointer { MultiIndexHash(hashes: $0, layout: .forCount($0.count)) }
/// let found = hashes.withUnsafeBufferPointer { tables.matches(of: query, within: 31, in: $0) }
/// ```
public struct MultiIndexHash: Sendable {
    /// How the 256 bits are cut into substrings.
    public struct Layout: Sendable, Equatable {
        /// Substrings per 64-bit word: 3 (widths 22, 21, 21), 4 (16 each) or 5 (13, 13, 13, 13, 12).
        public let substringsPerWord: Int
        /// Every substring: which word, how far to shift right, and its width.
        let substrings: [(word: Int, shift: Int, width: Int)]
        /// Substring indexes, widest first (the first of equal widths first).
        private let widestFirst: [Int]

        /// A layout with `substringsPerWord` substrings in each word (3…8).
        public init(substringsPerWord: Int) {
            precondition((3 ... 8).contains(substringsPerWord), "3 to 8 substrings per word")
            self.substringsPerWord = substringsPerWord
            let base = 64 / substringsPerWord, extra = 64 % substringsPerWord
            var substrings: [(word: Int, shift: Int, width: Int)] = []
            for word in 0 ..< 4 {
                var shift = 64
                for k in 0 ..< substringsPerWord {
                    let width = k < extra ? base + 1 : base
                    shift -= width
                    substrings.append((word, shift, width))
                }
            }
            self.substrings = substrings
            widestFirst = substrings.indices.sorted { (substrings[$0].width, -$0) > (substrings[$1].width, -$1) }
        }

        /// Layouts with as many substrings per word cut the bits alike.
        public static func == (a: Layout, b: Layout) -> Bool { a.substringsPerWord == b.substringsPerWord }

        /// The layout for `count` hashes. Norouzi et al. advise substrings of about `log2(count)`
        /// bits, so that a bucket holds about one hash. Measured with `make bench`: at a million
        /// hashes 12 substrings of 21–22 bits answer the matcher's searches (radius 40, eight
        /// dihedral variants) 1.5 times faster than 16 of 16 bits, for 176 MB of tables instead
        /// of 68 MB, and at ten million two to three times faster; below, the narrow substrings'
        /// small tables win. So 4 substrings per word below a million hashes, 3 from there on.
        public static func forCount(_ count: Int) -> Layout {
            Layout(substringsPerWord: count >= 1_000_000 ? 3 : 4)
        }

        /// Number of substrings, `m`.
        public var substringCount: Int { 4 * substringsPerWord }

        /// The bit widths of the substrings in one word, widest first.
        public var widths: [Int] { substrings.prefix(substringsPerWord).map(\.width) }

        /// The search radius of each substring for a full radius `radius` (−1: table skipped):
        /// `s` for the `a + 1` widest substrings and `s − 1` for the rest, where
        /// `radius = m·s + a`. Wide substrings take the larger radius because their buckets are
        /// smaller.
        public func substringRadii(for radius: Int) -> [Int] {
            let m = substringCount
            let s = radius / m, a = radius % m
            var radii = [Int](repeating: s - 1, count: m)
            for t in widestFirst.prefix(a + 1) { radii[t] = s }
            for t in 0 ..< m { radii[t] = min(radii[t], substrings[t].width) }
            return radii
        }

        /// Buckets probed and hashes checked by a search at `radius` over `count` random
        /// hashes, on average: the cost model behind ``PDQIndex``'s automatic choice.
        public func expectedWork(radius: Int, count: Int) -> (probes: Double, candidates: Double) {
            var probes = 0.0, candidates = 0.0
            for (t, r) in substringRadii(for: radius).enumerated() where r >= 0 {
                let width = substrings[t].width
                let values = (0 ... r).reduce(0.0) { $0 + binomial(width, $1) }
                probes += values
                candidates += values * Double(count) / Double(1 << width)
            }
            return (probes, candidates)
        }
    }

    /// How the bits are cut.
    public let layout: Layout
    /// Number of hashes indexed.
    public let count: Int
    private var substrings: [(word: Int, shift: Int, width: Int)] { layout.substrings }
    /// Per table, the start of each bucket in ``positions`` (`2^w + 1` entries, table after table).
    private let offsets: [UInt32]
    private let offsetBase: [Int]
    /// Per table, the hashes' positions grouped by substring value (`count` entries per table).
    private let positions: [UInt32]

    /// Indexes the hashes of `hashes` at the positions `included` allows (all by default).
    ///
    /// - Parameters:
    ///   - hashes: packed hashes, one per element, words most significant first.
    ///   - layout: how to cut the bits.
    ///   - included: whether the hash at a position takes part (absent hashes do not).
    public init(hashes: UnsafeBufferPointer<SIMD4<UInt64>>, layout: Layout, including included: (Int) -> Bool = { _ in true }) {
        precondition(hashes.count < Int(UInt32.max), "positions are 32-bit")
        self.layout = layout
        let substrings = layout.substrings
        let kept = hashes.indices.filter(included).map { UInt32($0) }
        count = kept.count
        var offsetBase: [Int] = []
        var total = 0
        for s in substrings {
            offsetBase.append(total)
            total += (1 << s.width) + 1
        }
        self.offsetBase = offsetBase
        var offsets = [UInt32](repeating: 0, count: total)
        var positions = [UInt32](repeating: 0, count: kept.count * substrings.count)
        var entries = [UInt64](repeating: 0, count: kept.count), spare = entries
        for (t, s) in substrings.enumerated() {
            // (substring value << 32 | position), sorted by value: positions stay ascending
            // within a bucket because the radix sort is stable.
            let mask = (UInt64(1) << UInt64(s.width)) - 1
            entries.withUnsafeMutableBufferPointer { entries in
                for (j, i) in kept.enumerated() { entries[j] = ((hashes[Int(i)][s.word] >> UInt64(s.shift)) & mask) << 32 | UInt64(i) }
            }
            Self.radixSort(&entries, &spare, keyBits: s.width)
            let buckets = 1 << s.width, base = offsetBase[t], first = t * kept.count
            entries.withUnsafeBufferPointer { entries in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    positions.withUnsafeMutableBufferPointer { positions in
                        for j in entries.indices {
                            positions[first + j] = UInt32(truncatingIfNeeded: entries[j])
                            offsets[base + Int(entries[j] >> 32) + 1] += 1
                        }
                        for b in 0 ..< buckets { offsets[base + b + 1] += offsets[base + b] }
                    }
                }
            }
        }
        self.offsets = offsets
        self.positions = positions
    }

    /// Sorts by the `keyBits` bits above bit 32, stably, in passes of at most 11 bits: each
    /// pass reads and writes memory in order, where a direct bucket sort would not.
    private static func radixSort(_ values: inout [UInt64], _ spare: inout [UInt64], keyBits: Int) {
        let passes = (keyBits + 10) / 11, bits = (keyBits + passes - 1) / passes
        var counts = [Int](repeating: 0, count: 1 << bits)
        for pass in 0 ..< passes {
            let shift = UInt64(32 + pass * bits), digitMask = UInt64((1 << bits) - 1)
            values.withUnsafeBufferPointer { values in
                spare.withUnsafeMutableBufferPointer { spare in
                    counts.withUnsafeMutableBufferPointer { counts in
                        counts.update(repeating: 0)
                        for v in values { counts[Int((v >> shift) & digitMask)] += 1 }
                        var sum = 0
                        for b in counts.indices { (counts[b], sum) = (sum, sum + counts[b]) }
                        for v in values {
                            let digit = Int((v >> shift) & digitMask)
                            spare[counts[digit]] = v
                            counts[digit] += 1
                        }
                    }
                }
            }
            swap(&values, &spare)
        }
    }

    /// Bytes held by the tables (not counting the hashes).
    public var memoryFootprint: Int { offsets.count * 4 + positions.count * 4 }

    /// Calls `body` with the position and distance of every indexed hash within `radius` of
    /// `query`, each once, in no particular order.
    ///
    /// - Parameters:
    ///   - query: the hash to look for.
    ///   - radius: the largest distance reported (inclusive), 0…256.
    ///   - hashes: the buffer the tables were built from.
    ///   - body: receives `(position, distance)`.
    public func forEachMatch(of query: Bits256, within radius: Int, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>,
                             _ body: (Int, Int) -> Void) {
        guard radius >= 0, count > 0 else { return }
        let radii = layout.substringRadii(for: min(radius, 256))
        let q = query.words
        let substringKeys = substrings.map { Int((q[$0.word] >> UInt64($0.shift)) & ((UInt64(1) << UInt64($0.width)) - 1)) }
        // Table by table, in three sweeps (bucket bounds, then positions, then hashes) rather
        // than one chain of dependent loads per bucket: each sweep's loads are independent of
        // one another, so the processor overlaps their cache misses. The order is unchanged.
        var keys: [Int] = [], bounds: [(Int, Int)] = [], found: [Int64] = [], distances: [UInt16] = []
        offsets.withUnsafeBufferPointer { offsets in
            positions.withUnsafeBufferPointer { positions in
                for t in substrings.indices where radii[t] >= 0 {
                    let table = offsets.baseAddress! + offsetBase[t]
                    let bucketBase = positions.baseAddress! + t * count
                    keys.removeAll(keepingCapacity: true)
                    MultiIndexHash.forEachValue(near: substringKeys[t], width: substrings[t].width, within: radii[t]) { keys.append($0) }
                    bounds.removeAll(keepingCapacity: true)
                    for key in keys {
                        let lower = Int(table[key]), upper = Int(table[key + 1])
                        if lower < upper { bounds.append((lower, upper)) }
                    }
                    found.removeAll(keepingCapacity: true)
                    for (lower, upper) in bounds {
                        for slot in lower ..< upper { found.append(Int64(bucketBase[slot])) }
                    }
                    Self.distances(of: found, in: hashes, to: query, into: &distances)
                    for (position, distance) in zip(found, distances) where Int(distance) <= radius {
                        // Report each hash from the first table that can find it only.
                        let position = Int(position)
                        if !foundEarlier(hashes[position] ^ q, before: t, radii: radii) { body(position, Int(distance)) }
                    }
                }
            }
        }
    }

    /// Sets `distances` to the distance from `query` of each hash at `positions`.
    private static func distances(of positions: [Int64], in hashes: UnsafeBufferPointer<SIMD4<UInt64>>, to query: Bits256,
                                  into distances: inout [UInt16]) {
        distances.removeAll(keepingCapacity: true)
        guard !positions.isEmpty else { return }
        distances.append(contentsOf: repeatElement(0, count: positions.count))
        hashes.withMemoryRebound(to: UInt64.self) { words in
            query.withWords { q in
                positions.withUnsafeBufferPointer { positions in
                    distances.withUnsafeMutableBufferPointer {
                        pal_hamming256_gathered(words.baseAddress!, positions.baseAddress!, positions.count, q, $0.baseAddress!)
                    }
                }
            }
        }
    }

    /// Every indexed hash within `radius` of `query`, by position: the same as
    /// ``HammingScan/matches(of:in:within:)`` over the included hashes.
    public func matches(of query: Bits256, within radius: Int, in hashes: UnsafeBufferPointer<SIMD4<UInt64>>) -> [HammingScan.Match] {
        var found: [HammingScan.Match] = []
        forEachMatch(of: query, within: radius, in: hashes) { found.append(HammingScan.Match(index: $0, distance: $1)) }
        found.sort { $0.index < $1.index }
        return found
    }

    /// Whether a table searched before `t` also holds the hash that differs from the query by
    /// `difference` within that table's radius.
    private func foundEarlier(_ difference: SIMD4<UInt64>, before t: Int, radii: [Int]) -> Bool {
        for e in 0 ..< t where radii[e] >= 0 {
            let s = substrings[e]
            let bits = (difference[s.word] >> UInt64(s.shift)) & ((UInt64(1) << UInt64(s.width)) - 1)
            if bits.nonzeroBitCount <= radii[e] { return true }
        }
        return false
    }

    /// Calls `body` with every `width`-bit value within `radius` bits of `value`, nearest first
    /// (Gosper's hack enumerates the masks of each weight).
    static func forEachValue(near value: Int, width: Int, within radius: Int, _ body: (Int) -> Void) {
        body(value)
        guard radius >= 1 else { return }
        let limit = 1 << width
        for weight in 1 ... min(radius, width) {
            var mask = (1 << weight) - 1
            while mask < limit {
                body(value ^ mask)
                let lowest = mask & -mask, ripple = mask + lowest
                mask = (((ripple ^ mask) >> 2) / lowest) | ripple
            }
        }
    }
}

/// `n` choose `k` as a double.
func binomial(_ n: Int, _ k: Int) -> Double {
    guard k >= 0, k <= n else { return 0 }
    var result = 1.0
    for i in 0 ..< k { result = result * Double(n - i) / Double(i + 1) }
    return result
}
