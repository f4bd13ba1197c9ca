import Foundation
import Palimpsest
import PalimpsestCore

/// `palimpsest-bench --embedding-scale N,N`: the embedding cells alone, at sizes no image set
/// reaches, for choosing how many cells to probe. Each synthetic reference's embedding is made
/// as ``IndexScaleBenchmark`` makes it (a blend of two real images' embeddings from the
/// background panel, with noise); each query's embedding lies at a set cosine to one
/// reference's, as a copy's does to its source's. For each number of probed cells: processor
/// time per query, how often the source is among the nearest 16, and how many of the nearest 16
/// that comparing every embedding finds the cells miss.
struct EmbeddingScaleBenchmark {
    struct Row {
        var probes: Int
        var groupProbes: Int
        var milliseconds: Double
        var sourceFound: [Float: Int]
        var nearestMissed: Int
        /// Of those, the ones at cosine 0.8 or more to the query.
        var nearMissed: Int
    }

    func run(size: Int, probes: [(cells: Int, groups: Int)] = [(16, 8), (32, 8), (32, 16), (32, 32), (64, 16), (64, 32)], queries: Int = 200,
             cosines: [Float] = [0.8, 0.9, 0.95])
        -> (buildSeconds: Double, exhaustiveMilliseconds: Double, nearest: Int, near: Int, sourceFound: Int, queriesByCosine: [Float: Int],
            rows: [Row]) {
        var rng = SplitMix64(seed: 20261208)
        let panel = BackgroundPanels.standard, listing = MatchingConfiguration().retrieval.embeddingListing
        var index = FingerprintIndex(embeddingDimension: panel.dimension)
        index.reserveCapacity(size)
        for i in 0 ..< size {
            index.add(key: Int64(i), pdq: nil, pdqQuality: 0, phash: nil, embedding: IndexScaleBenchmark.realisticEmbedding(panel, &rng))
        }
        let buildSeconds = Stopwatch.measure(rounds: 1) { index.prepare(embeddingListing: listing) }
        let cases = (0 ..< queries).map { q -> (source: Int, cosine: Float, query: [Float]) in
            let source = Int(rng.next() % UInt64(size)), cosine = cosines[q % cosines.count]
            return (source, cosine, IndexScaleBenchmark.near(Array(index.embedding(at: source)), cosine: cosine, &rng))
        }
        var exhaustiveTimes: [Double] = [], truth: [[Int]] = [], nearTruth: [[Int]] = [], sourceFound = 0
        for c in cases {
            var hits: [ScoredHit] = []
            exhaustiveTimes.append(ProcessorClock.measure { hits = index.nearestEmbeddings(to: c.query, limit: 16) } * 1000)
            truth.append(hits.map(\.position))
            nearTruth.append(hits.filter { $0.value >= 0.8 }.map(\.position))
            if hits.contains(where: { $0.position == c.source }) { sourceFound += 1 }
        }
        var rows: [Row] = []
        for p in probes {
            var probing = listing
            (probing.probes, probing.groupProbes) = p
            var times: [Double] = [], found: [Float: Int] = [:], missed = 0, nearMissed = 0
            for (i, c) in cases.enumerated() {
                var hits: [ScoredHit] = []
                times.append(ProcessorClock.measure { hits = index.nearestEmbeddings(to: c.query, limit: 16, listing: probing) } * 1000)
                if hits.contains(where: { $0.position == c.source }) { found[c.cosine, default: 0] += 1 }
                missed += truth[i].filter { t in !hits.contains { $0.position == t } }.count
                nearMissed += nearTruth[i].filter { t in !hits.contains { $0.position == t } }.count
            }
            rows.append(Row(probes: p.cells, groupProbes: p.groups, milliseconds: times.sorted()[times.count / 2], sourceFound: found, nearestMissed: missed, nearMissed: nearMissed))
        }
        var byCosine: [Float: Int] = [:]
        for c in cases { byCosine[c.cosine, default: 0] += 1 }
        return (buildSeconds, exhaustiveTimes.sorted()[exhaustiveTimes.count / 2], truth.map(\.count).reduce(0, +),
                nearTruth.map(\.count).reduce(0, +), sourceFound, byCosine, rows)
    }
}
