import PalimpsestCore

/// Multi-index hashing over 64-bit hashes (pHash): an exact range search that reads a small
/// fraction of the hashes, as ``MultiIndexHash`` does for PDQ.
///
/// The 64 bits are cut into four 16-bit substrings, each with a table of 65,536 buckets. Two
/// hashes within `r` bits agree within `⌊r/4⌋` bits on at least one substring (were every
/// substring `⌊r/4⌋ + 1` bits apart, the hashes would be more than `r` apart), so a search
/// visits, in each table, the buckets of every value within `⌊r/4⌋` bits of the query's
/// substring and checks the full distance of each hash found there: every hash within `r` is
/// found. A hash is reported from the first table that finds it, so none twice.
///
/// Tables are compressed sparse rows: per table, 65,537 bucket offsets and one 32-bit position
/// per hash (16 bytes per hash and 1 MB in all). The hashes themselves stay with the caller.
///
/// ```swift
/// let tables = hashes.withUnsafeBufferPointer { MultiIndexHash64(hashes: $0) { _ in true } }
/// hashes.withUnsafeBufferPointer { tables.forEachMatch(of: query, within: 10, in: $0) { position, distance in print(position, distance) } }
/// ```
public struct MultiIndexHash64: Sendable {
    static let substrings = 4, width = 16

    /// Per table, where each bucket begins in `positions`, and where the last ends.
    private var starts: [[Int32]]
    /// Per table, the positions of the hashes, bucket by bucket, ascending within a bucket.
    private var positions: [[Int32]]

    /// Files every hash for which `includes(position)` holds.
    public init(hashes: UnsafeBufferPointer<UInt64>, includes: (Int) -> Bool) {
        let buckets = 1 << Self.width
        var starts: [[Int32]] = [], positions: [[Int32]] = []
        let included = hashes.indices.filter(includes)
        for t in 0 ..< Self.substrings {
            var start = [Int32](repeating: 0, count: buckets + 1)
            for i in included { start[Self.substring(hashes[i], t) + 1] += 1 }
            for b in 0 ..< buckets { start[b + 1] += start[b] }
            var next = start, filed = [Int32](repeating: 0, count: included.count)
            for i in included {
                let b = Self.substring(hashes[i], t)
                filed[Int(next[b])] = Int32(i)
                next[b] += 1
            }
            starts.append(start)
            positions.append(filed)
        }
        self.starts = starts
        self.positions = positions
    }

    /// Bytes held by the tables.
    public var memoryFootprint: Int { (starts.map(\.count).reduce(0, +) + positions.map(\.count).reduce(0, +)) * 4 }

    /// Calls `body` with the position and distance of every filed hash of `hashes` within
    /// `radius` bits of `query`, each once, in no particular order.
    public func forEachMatch(of query: UInt64, within radius: Int, in hashes: UnsafeBufferPointer<UInt64>,
                             _ body: (Int, Int) -> Void) {
        guard radius >= 0 else { return }
        let near = min(Self.width, radius / Self.substrings)
        for t in 0 ..< Self.substrings {
            let centre = Self.substring(query, t)
            Self.forEachValue(within: near, of: centre) { value in
                for i in Int(starts[t][value]) ..< Int(starts[t][value + 1]) {
                    let position = Int(positions[t][i]), hash = hashes[position]
                    let distance = (hash ^ query).nonzeroBitCount
                    guard distance <= radius else { continue }
                    // Reported by an earlier table already?
                    let earlier = (0 ..< t).contains { (Self.substring(hash, $0) ^ Self.substring(query, $0)).nonzeroBitCount <= near }
                    if !earlier { body(position, distance) }
                }
            }
        }
    }

    /// Substring `t` of `hash` (bits `16t ..< 16t + 16`).
    @inline(__always)
    static func substring(_ hash: UInt64, _ t: Int) -> Int { Int(truncatingIfNeeded: hash >> UInt64(Self.width * t)) & 0xffff }

    /// Calls `body` with every 16-bit value within `radius` bits of `centre`.
    static func forEachValue(within radius: Int, of centre: Int, _ body: (Int) -> Void) {
        func flip(_ value: Int, from bit: Int, left: Int) {
            body(value)
            guard left > 0 else { return }
            for b in bit ..< width { flip(value ^ (1 << b), from: b + 1, left: left - 1) }
        }
        flip(centre, from: 0, left: radius)
    }
}
