import Foundation
import Palimpsest

/// The command line of `palimpsest-bench`.
struct BenchArguments {
    var folders: [String] = []
    var minimumMegapixels = 0.0
    var jsonPath: String?
    var indexSize = 1_000_000
    var rounds = 3

    init(_ raw: ArraySlice<String>) {
        var it = raw.makeIterator()
        while let arg = it.next() {
            switch arg {
            case "--min-megapixels": minimumMegapixels = Double(it.next() ?? "") ?? 0
            case "--json": jsonPath = it.next()
            case "--index-size": indexSize = Int(it.next() ?? "") ?? indexSize
            case "--rounds": rounds = max(1, Int(it.next() ?? "") ?? rounds)
            default: folders.append(arg)
            }
        }
    }
}

/// Image files read into memory once, so that timings exclude disk reads.
struct ImageSet {
    let bytes: [[UInt8]]
    let megapixels: [Double]

    init(files: [String], minimumMegapixels: Double) throws {
        var kept: [[UInt8]] = [], sizes: [Double] = []
        for file in files {
            guard let data = try? ImageDecoder.readFile(file, limit: 1 << 30),
                  let header = try? ImageDecoder().readHeader(data) else { continue }
            let mp = Double(header.width * header.height) / 1_000_000
            if mp >= minimumMegapixels {
                kept.append(data)
                sizes.append(mp)
            }
        }
        bytes = kept
        megapixels = sizes
    }

    var count: Int { bytes.count }

    var megapixelRange: String {
        String(format: "%.2f to %.2f megapixels", megapixels.min() ?? 0, megapixels.max() ?? 0)
    }
}

/// Wall-clock timing: the best of several rounds, which is the least disturbed by other work.
enum Stopwatch {
    static func measure(rounds: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0 ..< rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}

/// PDQ lookups in an index of random hashes, with a few planted near neighbours.
struct IndexBenchmark {
    let size: Int

    func run() -> (nearestMilliseconds: Double, rangeMilliseconds: Double, found: Int) {
        var rng = SystemRandomNumberGenerator()
        var index = FingerprintIndex(embeddingDimension: 0)
        index.reserveCapacity(size)
        let queries = (0 ..< 20).map { _ in Bits256(words: SIMD4(rng.next(), rng.next(), rng.next(), rng.next())) }
        for i in 0 ..< size {
            var hash = Bits256(words: SIMD4(rng.next(), rng.next(), rng.next(), rng.next()))
            if i % (size / 10 + 1) == 0 { hash = queries[i % queries.count] }
            index.add(key: Int64(i), pdq: hash, pdqQuality: 100, phash: nil, embedding: nil)
        }
        var found = 0
        let nearest = Stopwatch.measure(rounds: 3) {
            for q in queries {
                _ = index.nearestPDQ(to: PDQFingerprint(hash: q, quality: 100, dihedral: Array(repeating: q, count: 8)), limit: 10, maxDistance: 31)
            }
        }
        let range = Stopwatch.measure(rounds: 3) {
            found = 0
            for q in queries { found += index.pdqWithin(radius: 31, of: q).count }
        }
        return (nearest * 1000 / Double(queries.count), range * 1000 / Double(queries.count), found)
    }
}
