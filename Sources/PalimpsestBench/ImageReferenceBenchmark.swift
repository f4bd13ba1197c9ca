import Foundation
import Palimpsest
import PalimpsestCore

/// A corpus of synthetic image references held as a scan or the service holds it: the memory a
/// ``ReferenceSet`` keeps per reference, the time to build it, and the processor time per query
/// of retrieval before verification (PDQ, pHash and embedding neighbours; local-feature votes).
///
/// References carry random hashes and embeddings and 400 keypoints with random descriptors;
/// each query copies one reference's hashes with a few bits flipped, its embedding with noise,
/// and 150 of its keypoints with noisy descriptors beside 150 unrelated ones, so that its
/// source must come first among the votes.
struct ImageReferenceBenchmark {
    /// One size's measurements.
    struct Result {
        var size: Int
        var buildSeconds: Double
        var residentBytesPerReference: Double
        var candidatesMilliseconds: (p50: Double, p99: Double)
        var votesMilliseconds: (p50: Double, p99: Double)
        var sourceFirst: Int
        var queries: Int
    }

    static let keypointsPerReference = 400

    func run(size: Int, queries: Int = 60) -> Result {
        var rng = SplitMix64(seed: 2026)
        let embedder = LayoutEmbedder()
        let before = ResidentMemory.bytes()
        var set: ReferenceSet?
        let buildSeconds = Stopwatch.measure(rounds: 1) {
            var references: [StoredReference] = []
            references.reserveCapacity(size)
            for i in 0 ..< size { references.append(Self.reference(i, embedder: embedder, &rng)) }
            set = ReferenceSet(references: references, embedder: embedder)
        }
        let references = set!
        MemoryRetention.returnFreedMemory()
        let resident = ResidentMemory.bytes() - before

        let matcher = references.matcher(scorer: Scorer())
        var candidateTimes: [Double] = [], voteTimes: [Double] = [], sourceFirst = 0
        for _ in 0 ..< queries {
            let source = Int(rng.next() % UInt64(size))
            let (query, features) = Self.query(copying: source, in: references, embedder: embedder, &rng)
            candidateTimes.append(ProcessorClock.measure {
                _ = matcher.candidates(for: query, limit: 5) { references.details(at: $0) }
            } * 1000)
            var best: Int?
            voteTimes.append(ProcessorClock.measure {
                best = references.localIndex.search(features, limit: 5).first?.position
            } * 1000)
            if best == source { sourceFirst += 1 }
        }
        candidateTimes.sort()
        voteTimes.sort()
        let percentile = { (times: [Double], p: Int) in times[min(times.count - 1, times.count * p / 100)] }
        return Result(size: size, buildSeconds: buildSeconds, residentBytesPerReference: resident / Double(size),
                      candidatesMilliseconds: (percentile(candidateTimes, 50), percentile(candidateTimes, 99)),
                      votesMilliseconds: (percentile(voteTimes, 50), percentile(voteTimes, 99)),
                      sourceFirst: sourceFirst, queries: queries)
    }

    /// A reference with random fingerprints and keypoints.
    private static func reference(_ i: Int, embedder: LayoutEmbedder, _ rng: inout SplitMix64) -> StoredReference {
        let keypoints = (0 ..< keypointsPerReference).map { _ in
            Keypoint(x: Float(rng.next() % 640), y: Float(rng.next() % 480), scale: 1 + Float(rng.next() % 80) / 10,
                     angle: Float(rng.next() % 628) / 100, response: 1)
        }
        let descriptors = (0 ..< keypointsPerReference * LocalFeatures.descriptorLength).map { _ in UInt8(truncatingIfNeeded: rng.next() % 160) }
        var codes: [String: HashCode] = [:]
        for hash in PerceptualHashes.all where hash.bitCount == 64 { codes[hash.name] = Hash64(rng.next()).code }
        return StoredReference(
            imageID: Int64(i), sha256: String(format: "%064x", i), pixelDigest: nil, corpus: "synthetic", path: "synthetic/\(i).png",
            pdq: rng.bits256(), pdqQuality: 100, hashCodes: codes, embedding: unitVector(embedder.dimension, &rng),
            embedder: embedder.identifier,
            localFeatures: LocalFeatures(width: 640, height: 480, keypoints: keypoints, descriptors: descriptors).serialized())
    }

    /// A query copying reference `source`: its fingerprints, and half its features.
    private static func query(copying source: Int, in set: ReferenceSet, embedder: LayoutEmbedder,
                              _ rng: inout SplitMix64) -> (Fingerprints, LocalFeatures) {
        let pdq = set.index.pdqHash(at: source)!
        let embedding = set.index.embedding(at: source).map { $0 + Float(Int(rng.next() % 200) - 100) / 2000 }
        var hashes = HashCodes()
        if let phash = set.index.phash(at: source) { hashes["phash"] = Hash64(phash.value ^ (1 << (rng.next() % 64))).code }
        let fingerprints = Fingerprints(
            sha256: String(repeating: "f", count: 64), pixelDigest: "",
            pdq: PDQFingerprint(hash: pdq, quality: 100, dihedral: [pdq] + (1 ..< 8).map { _ in rng.bits256() }),
            hashes: hashes, embedding: embedding, embedderIdentifier: embedder.identifier)
        let original = set.features(at: source)!
        var keypoints: [Keypoint] = [], descriptors: [UInt8] = []
        let length = LocalFeatures.descriptorLength
        for k in 0 ..< 300 {
            if k % 2 == 0 {
                let j = k / 2
                keypoints.append(original.keypoints[j])
                descriptors += original.descriptors[j * length ..< (j + 1) * length].map { UInt8(clamping: Int($0) + Int(rng.next() % 9) - 4) }
            } else {
                keypoints.append(Keypoint(x: Float(rng.next() % 640), y: Float(rng.next() % 480), scale: 2, angle: 0, response: 1))
                descriptors += (0 ..< length).map { _ in UInt8(truncatingIfNeeded: rng.next() % 160) }
            }
        }
        return (fingerprints, LocalFeatures(width: 640, height: 480, keypoints: keypoints, descriptors: descriptors))
    }

    private static func unitVector(_ dimension: Int, _ rng: inout SplitMix64) -> [Float] {
        let v = (0 ..< dimension).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }
}
