import PalimpsestCore
import Foundation
import Palimpsest

/// PDQ lookups at radius 31 over synthetic hashes, by brute force and through the multi-index:
/// queries per second, the speedup, and whether both found exactly the same hits.
///
/// Stored hashes are random; queries are half near-duplicates of stored hashes (5 to 25 bits
/// flipped) and half random hashes, as a platform's uploads are mostly unrelated to a hash list.
struct MultiIndexBenchmark {
    /// One size's measurements.
    struct Result {
        var size: Int
        var bruteQueries: Int, indexQueries: Int
        var bruteRangePerSecond: Double, indexRangePerSecond: Double
        var bruteNearestPerSecond: Double, indexNearestPerSecond: Double
        var buildSeconds: Double
        var indexBytes: Int
        var identical: Bool
        var found: Int
        /// Range queries per second through tables of each layout (substrings per word → q/s).
        var layouts: [Int: Double]

        var rangeSpeedup: Double { indexRangePerSecond / bruteRangePerSecond }
        var nearestSpeedup: Double { indexNearestPerSecond / bruteNearestPerSecond }
    }

    let radius = 31

    /// Measures one size, each way the best of three rounds; brute force runs on fewer queries
    /// as the size grows, so that a 10 million hash run takes a minute.
    func run(size: Int) -> Result {
        var rng = SplitMix64(seed: UInt64(size))
        var hashes: [Bits256] = []
        hashes.reserveCapacity(size)
        for _ in 0 ..< size { hashes.append(rng.bits256()) }
        let column = PDQIndex(hashes: hashes, qualities: Array(repeating: 100, count: size))
        let build = Stopwatch.measure(rounds: 1) { column.prepare() }

        let indexQueries = 2_000
        let bruteQueries = max(20, min(indexQueries, 200_000_000 / size))
        let queries = (0 ..< indexQueries).map { i in
            i % 2 == 0 ? rng.nearDuplicate(of: hashes) : rng.bits256()
        }
        let fingerprints = queries.map { q in
            PDQFingerprint(hash: q, quality: 100, dihedral: [q] + (1 ..< 8).map { _ in rng.bits256() })
        }
        let sampled = Array(queries.prefix(bruteQueries)), sampledFingerprints = Array(fingerprints.prefix(bruteQueries))

        var bruteRange: [[HammingScan.Match]] = [], indexRange: [[HammingScan.Match]] = []
        var bruteNearest: [[PDQHit]] = [], indexNearest: [[PDQHit]] = []
        let bruteRangeTime = Stopwatch.measure(rounds: 3) {
            bruteRange = sampled.map { column.within(radius: radius, of: $0, using: .bruteForce) }
        }
        let indexRangeTime = Stopwatch.measure(rounds: 3) {
            indexRange = queries.map { column.within(radius: radius, of: $0, using: .multiIndex) }
        }
        let bruteNearestTime = Stopwatch.measure(rounds: 3) {
            bruteNearest = sampledFingerprints.map { column.nearest(to: $0, limit: 10, maxDistance: radius, using: .bruteForce) }
        }
        let indexNearestTime = Stopwatch.measure(rounds: 3) {
            indexNearest = fingerprints.map { column.nearest(to: $0, limit: 10, maxDistance: radius, using: .multiIndex) }
        }
        var identical = bruteRange == Array(indexRange.prefix(bruteQueries)) && bruteNearest == Array(indexNearest.prefix(bruteQueries))
        var layouts: [Int: Double] = [:]
        hashes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: SIMD4<UInt64>.self) { packed in
                for perWord in [3, 4] {
                    let tables = MultiIndexHash(hashes: packed, layout: .init(substringsPerWord: perWord))
                    var found: [[HammingScan.Match]] = []
                    let time = Stopwatch.measure(rounds: 3) { found = queries.map { tables.matches(of: $0, within: radius, in: packed) } }
                    layouts[perWord] = Double(queries.count) / time
                    identical = identical && found == indexRange
                }
            }
        }
        return Result(
            size: size, bruteQueries: bruteQueries, indexQueries: indexQueries,
            bruteRangePerSecond: Double(bruteQueries) / bruteRangeTime, indexRangePerSecond: Double(indexQueries) / indexRangeTime,
            bruteNearestPerSecond: Double(bruteQueries) / bruteNearestTime,
            indexNearestPerSecond: Double(indexQueries) / indexNearestTime,
            buildSeconds: build, indexBytes: column.memoryFootprint - size * 34, identical: identical,
            found: indexRange.reduce(0) { $0 + $1.count }, layouts: layouts)
    }

    /// The smallest of `sizes` from which the multi-index answers range queries faster than brute
    /// force, with the per-query times at each size.
    func crossover(sizes: [Int]) -> (size: Int?, rows: [(size: Int, bruteMicroseconds: Double, indexMicroseconds: Double)]) {
        var rows: [(size: Int, bruteMicroseconds: Double, indexMicroseconds: Double)] = []
        for size in sizes {
            var rng = SplitMix64(seed: UInt64(size) &+ 1)
            let hashes = (0 ..< size).map { _ in rng.bits256() }
            let column = PDQIndex(hashes: hashes, qualities: Array(repeating: 100, count: size))
            column.prepare()
            let queries = (0 ..< 400).map { i in
                i % 2 == 0 ? rng.nearDuplicate(of: hashes) : rng.bits256()
            }
            let brute = Stopwatch.measure(rounds: 3) { for q in queries { _ = column.within(radius: radius, of: q, using: .bruteForce) } }
            let index = Stopwatch.measure(rounds: 3) { for q in queries { _ = column.within(radius: radius, of: q, using: .multiIndex) } }
            rows.append((size, brute * 1e6 / Double(queries.count), index * 1e6 / Double(queries.count)))
        }
        return (rows.first { $0.indexMicroseconds < $0.bruteMicroseconds }?.size, rows)
    }
}

/// Synthetic hashes for the benchmarks.
extension SplitMix64 {
    mutating func bits256() -> Bits256 { Bits256(words: SIMD4(next(), next(), next(), next())) }

    /// A copy of one of `hashes`, chosen at random, with 5 to 25 bits flipped.
    mutating func nearDuplicate(of hashes: [Bits256]) -> Bits256 {
        let count = 5 + Int(next() % 21)
        return flipping(count, bitsOf: hashes[Int(next() % UInt64(hashes.count))])
    }

    /// `hash` with `count` distinct bits flipped.
    mutating func flipping(_ count: Int, bitsOf hash: Bits256) -> Bits256 {
        var out = hash
        var flipped = Set<Int>()
        while flipped.count < count {
            let bit = Int(next() % 256)
            if flipped.insert(bit).inserted { out[bit: bit].toggle() }
        }
        return out
    }
}
