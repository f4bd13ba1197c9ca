import Foundation
import Palimpsest
import PalimpsestCore

/// `palimpsest-bench --index-scale N,N`: the retrieval index alone, at sizes no image set here
/// reaches. Each synthetic reference has a random PDQ hash, pHash and embedding and
/// `codesPerReference` local-feature codes, each a real code of the shipped code panel with
/// `referenceFlips` pairs of bits swapped (so codes cluster as real ones do, and keep the bit
/// count a binarised descriptor has), with random directions and scales. Each query copies
/// `copiedCodes` codes of one reference (a few bits swapped, one turn and scale change) among
/// `strangerCodes` codes made like a reference's.
///
/// Measured: resident memory per reference and the build time of the index (hashes, embeddings,
/// codes and lists, as a ``ReferenceSet`` holds them), the processor time per query of retrieval
/// before verification (PDQ, pHash and embedding neighbours; local-feature votes against the code
/// panel), how often the copied reference leads the votes, and, on a few queries, the references
/// with at least the configured votes that comparing every code finds and the lists miss.
struct IndexScaleBenchmark {
    static let codesPerReference = 80, referenceFlips = 8, copiedCodes = 60, strangerCodes = 140, queryFlips = 3

    struct Result {
        var size: Int
        var buildSeconds: Double
        var bytesPerReference: Double
        var hashesMilliseconds: (p50: Double, p99: Double)
        /// Of which the embedding's, p50.
        var embeddingMilliseconds: Double
        var votesMilliseconds: (p50: Double, p99: Double)
        var sourceFirst: Int
        var queries: Int
        var voted: Int
        var votedLost: Int
        /// Queries whose embedding (at cosine 0.9 to its source's) found the source among its nearest 16.
        var embeddingSourceFound: Int
        /// The nearest 16 embeddings of every query, comparing every one, and how many of them the cells missed.
        var embeddingNearest: Int
        var embeddingNearestLost: Int
    }

    func run(size: Int, queries: Int = 40, exhaustiveQueries: Int = 4) -> Result {
        var rng = SplitMix64(seed: 20261207)
        let panel = CodePanels.standard.index, embeddingPanel = BackgroundPanels.standard
        let retrieval = MatchingConfiguration().retrieval, settings = retrieval.localFeatures
        let dimension = LayoutEmbedder().dimension
        MemoryRetention.returnFreedMemory()
        let before = ResidentMemory.bytes()
        // The references the queries copy, drawn first so that their codes can be kept aside
        // (the prepared index holds codes in its lists only).
        var draw = SplitMix64(seed: 20261208)
        let sources = (0 ..< queries).map { _ in Int(draw.next() % UInt64(size)) }
        var sourceCodes: [Int: [SIMD2<UInt64>]] = Dictionary(uniqueKeysWithValues: sources.map { ($0, []) })
        var index = FingerprintIndex(embeddingDimension: dimension)
        var local = LocalFeatureIndex(listing: settings.listing)
        let buildSeconds = Stopwatch.measure(rounds: 1) {
            index.reserveCapacity(size)
            for i in 0 ..< size {
                index.add(key: Int64(i), pdq: rng.bits256(), pdqQuality: 100, phash: Hash64(rng.next()),
                          embedding: Self.realisticEmbedding(embeddingPanel, &rng))
                let coded = (0 ..< Self.codesPerReference).map { _ in Self.realisticCode(panel, flips: Self.referenceFlips, &rng) }
                if sourceCodes[i] != nil { sourceCodes[i] = coded }
                local.add(words: coded.flatMap { [$0.x, $0.y] },
                          angles: coded.map { _ in Float(rng.next() % 6283) / 1000 },
                          logScales: coded.map { _ in Float(rng.next() % 4000) / 1000 - 1 })
            }
            local.prepare()
            index.prepare(embeddingListing: retrieval.embeddingListing)
        }
        MemoryRetention.returnFreedMemory()
        let bytes = ResidentMemory.bytes() - before

        var hashTimes: [Double] = [], voteTimes: [Double] = [], sourceFirst = 0, voted = 0, votedLost = 0
        var embeddingSourceFound = 0, embeddingNearest = 0, embeddingNearestLost = 0, embeddingTimes: [Double] = []
        let exhaustive = exhaustiveQueries > 0 ? local.exhaustive : local
        for (q, source) in sources.enumerated() {
            let features = Self.query(copying: source, codes: sourceCodes[source]!, of: local, panel: panel, &rng)
            let pdq = index.pdqHash(at: source)!
            let fingerprint = PDQFingerprint(hash: pdq, quality: 100, dihedral: [pdq] + (1 ..< 8).map { _ in rng.bits256() })
            let embedding = Self.near(Array(index.embedding(at: source)), cosine: 0.9, &rng)
            var nearest: [ScoredHit] = []
            let hashes = ProcessorClock.measure {
                _ = index.nearestPDQ(to: fingerprint, limit: 16, maxDistance: retrieval.pdqProposalRadius)
                _ = index.nearestPHash(to: index.phash(at: source)!, limit: 16, maxDistance: retrieval.phashProposalRadius)
            }
            let embeddings = ProcessorClock.measure {
                nearest = index.nearestEmbeddings(to: embedding, limit: 16, listing: retrieval.embeddingListing)
            }
            hashTimes.append((hashes + embeddings) * 1000)
            embeddingTimes.append(embeddings * 1000)
            if nearest.contains(where: { $0.position == source }) { embeddingSourceFound += 1 }
            let everyEmbedding = index.nearestEmbeddings(to: embedding, limit: 16)
            embeddingNearest += everyEmbedding.count
            embeddingNearestLost += everyEmbedding.filter { hit in !nearest.contains { $0.position == hit.position } }.count
            var memo = LocalFeatureIndex.Memo(), found: [LocalFeatureIndex.Candidate] = []
            voteTimes.append(ProcessorClock.measure {
                found = local.search(features, limit: 16, settings: settings, panel: panel, memo: &memo)
            } * 1000)
            if found.first?.position == source { sourceFirst += 1 }
            if q < exhaustiveQueries {
                var all = LocalFeatureIndex.Memo()
                let truth = exhaustive.search(features, limit: .max, settings: settings, panel: panel, memo: &all)
                    .filter { $0.votes >= Float(MatchingConfiguration().retrieval.minimumVotes) }
                let listed = Set(local.search(features, limit: .max, settings: settings, panel: panel, memo: &memo)
                    .filter { $0.votes >= Float(MatchingConfiguration().retrieval.minimumVotes) }.map(\.position))
                voted += truth.count
                votedLost += truth.filter { !listed.contains($0.position) }.count
            }
        }
        hashTimes.sort()
        embeddingTimes.sort()
        voteTimes.sort()
        let percentile = { (times: [Double], p: Int) in times[min(times.count - 1, times.count * p / 100)] }
        return Result(size: size, buildSeconds: buildSeconds, bytesPerReference: bytes / Double(size),
                      hashesMilliseconds: (percentile(hashTimes, 50), percentile(hashTimes, 99)),
                      embeddingMilliseconds: percentile(embeddingTimes, 50),
                      votesMilliseconds: (percentile(voteTimes, 50), percentile(voteTimes, 99)),
                      sourceFirst: sourceFirst, queries: queries, voted: voted, votedLost: votedLost,
                      embeddingSourceFound: embeddingSourceFound, embeddingNearest: embeddingNearest,
                      embeddingNearestLost: embeddingNearestLost)
    }

    /// A real code of `panel` with `flips` pairs of bits swapped (a set bit cleared and a clear
    /// one set), so that it keeps the number of set bits a binarised descriptor has.
    static func realisticCode(_ panel: LocalFeatureIndex, flips: Int, _ rng: inout SplitMix64) -> SIMD2<UInt64> {
        swapped(panel.storedCode(at: Int(rng.next() % UInt64(panel.codeCount))), flips: flips, &rng)
    }

    static func swapped(_ code: SIMD2<UInt64>, flips: Int, _ rng: inout SplitMix64) -> SIMD2<UInt64> {
        var code = code
        let bit = { (code: SIMD2<UInt64>, i: Int) in code[i >> 6] >> UInt64(i & 63) & 1 }
        guard code.x.nonzeroBitCount + code.y.nonzeroBitCount > 0 else { return code }
        for _ in 0 ..< flips {
            var one = Int(rng.next() % 128), zero = Int(rng.next() % 128)
            while bit(code, one) == 0 { one = Int(rng.next() % 128) }
            while bit(code, zero) == 1 { zero = Int(rng.next() % 128) }
            code[one >> 6] &= ~(1 << UInt64(one & 63))
            code[zero >> 6] |= 1 << UInt64(zero & 63)
        }
        return code
    }

    /// A query copying `copiedCodes` of `sourceCodes`, the codes of reference `source` (turned
    /// and scaled alike), among stranger codes, as features whose descriptors binarise to those codes.
    static func query(copying source: Int, codes sourceCodes: [SIMD2<UInt64>], of index: LocalFeatureIndex, panel: LocalFeatureIndex,
                      _ rng: inout SplitMix64) -> LocalFeatures {
        let first = source * codesPerReference
        let turn = Float(rng.next() % 6283) / 1000, scale = Float(rng.next() % 2000) / 1000 - 1
        var codes: [SIMD2<UInt64>] = [], keypoints: [Keypoint] = []
        for k in 0 ..< copiedCodes + strangerCodes {
            if k % 3 == 0, k / 3 < copiedCodes {
                let position = first + k / 3
                codes.append(swapped(sourceCodes[k / 3], flips: queryFlips, &rng))
                let stored = index.keypoint(at: position)
                keypoints.append(Keypoint(x: 0, y: 0, scale: exp2(stored.logScale - scale), angle: stored.angle - turn, response: 1))
            } else {
                codes.append(realisticCode(panel, flips: referenceFlips, &rng))
                keypoints.append(Keypoint(x: 0, y: 0, scale: 2, angle: Float(rng.next() % 6283) / 1000, response: 1))
            }
        }
        // A descriptor whose bytes are 1 where the code's bit is set and 0 elsewhere binarises to
        // the code when fewer than 64 bits are set, as in every binarised descriptor.
        var descriptors: [UInt8] = []
        for code in codes {
            descriptors += (0 ..< LocalFeatures.descriptorLength).map { UInt8(truncatingIfNeeded: code[$0 >> 6] >> UInt64($0 & 63) & 1) }
        }
        return LocalFeatures(width: 640, height: 480, keypoints: keypoints, descriptors: descriptors)
    }

    /// An embedding like a real image's: a blend of two vectors of the embedding background
    /// panel (real images' embeddings) and some noise, so that embeddings cluster as real ones do.
    static func realisticEmbedding(_ panel: BackgroundPanel, _ rng: inout SplitMix64) -> [Float] {
        let a = panel.vector(at: Int(rng.next() % UInt64(panel.count))), b = panel.vector(at: Int(rng.next() % UInt64(panel.count)))
        let w = Float(rng.next() % 1001) / 1000, noise = unitVector(a.count, &rng)
        return normalised((0 ..< a.count).map { w * a[$0] + (1 - w) * b[$0] + 0.5 * noise[$0] })
    }

    /// A unit vector at cosine `cosine` to the unit vector `v` (a copy's embedding beside its source's).
    static func near(_ v: [Float], cosine: Float, _ rng: inout SplitMix64) -> [Float] {
        let noise = unitVector(v.count, &rng)
        let along = zip(noise, v).reduce(0) { $0 + $1.0 * $1.1 }
        let across = normalised(zip(noise, v).map { $0 - along * $1 })
        let sine = (1 - cosine * cosine).squareRoot()
        return zip(v, across).map { cosine * $0 + sine * $1 }
    }

    static func normalised(_ v: [Float]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }

    static func unitVector(_ dimension: Int, _ rng: inout SplitMix64) -> [Float] {
        let v = (0 ..< dimension).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }
}
