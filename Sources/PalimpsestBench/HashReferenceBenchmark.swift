import PalimpsestCore
import Foundation
import Palimpsest

/// A hash-only corpus in a ledger file, as `palimpsest serve` would hold it: the time to import
/// it, to load it into a ``ReferenceSet`` (ledger read, then indexes), the memory it takes, and
/// the matcher's time per query over it.
struct HashReferenceBenchmark {
    /// One size's measurements.
    struct Result {
        var size: Int
        var importSeconds: Double
        var readSeconds: Double
        var indexSeconds: Double
        /// Processor time of the load (ledger read and indexes), undisturbed by other programs.
        var loadProcessorSeconds: Double
        var residentMegabytes: Double
        var queryMilliseconds: (p50: Double, p99: Double)
        var flaggedCopies: Int
        var copies: Int
    }

    /// Imports `size` random hashes into a fresh ledger file, loads them back and queries them.
    func run(size: Int) throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ledger.sqlite").path

        var rng = SplitMix64(seed: 99)
        let hashes = (0 ..< size).map { _ in rng.bits256() }
        let importSeconds = try Stopwatch.measure(rounds: 1) {
            let ledger = try Ledger(path: path)
            let corpus = try ledger.ensureCorpus(named: "list", kind: .registry)
            try ledger.importHashes(hashes.enumerated().map { HashReference(pdq: $1, quality: 90, label: "list.txt:\($0 + 1)") },
                                    intoCorpus: corpus.id!)
        }

        let ledger = try Ledger(path: path)
        let before = ResidentMemory.bytes() / 1e6
        var stored = StoredHashReferences()
        var set: ReferenceSet?
        var readSeconds = 0.0, indexSeconds = 0.0
        let loadProcessorSeconds = try ProcessorClock.measure {
            readSeconds = try Stopwatch.measure(rounds: 1) { stored = try ledger.hashReferences(inCorpora: ["list"]) }
            indexSeconds = Stopwatch.measure(rounds: 1) { set = ReferenceSet(references: [], hashReferences: stored, embedder: LayoutEmbedder()) }
        }
        stored = StoredHashReferences()
        let references = set!
        let resident = ResidentMemory.bytes() / 1e6 - before

        // Half the queries are copies of stored hashes (5 to 25 bits flipped): each must be flagged.
        let matcher = references.matcher(scorer: Scorer())
        var times: [Double] = [], flagged = 0, copies = 0
        for i in 0 ..< 400 {
            let isCopy = i % 2 == 0
            let hash = isCopy ? rng.nearDuplicate(of: hashes) : rng.bits256()
            let query = Self.fingerprints(hash, &rng)
            var best: Candidate?
            times.append(Stopwatch.measure(rounds: 1) {
                best = matcher.candidates(for: query, limit: 5, details: { references.details(at: $0) }).first
            } * 1000)
            if isCopy {
                copies += 1
                if let best, best.grade != .none, references.isHashOnly(at: best.position) { flagged += 1 }
            }
        }
        times.sort()
        return Result(size: size, importSeconds: importSeconds, readSeconds: readSeconds, indexSeconds: indexSeconds,
                      loadProcessorSeconds: loadProcessorSeconds,
                      residentMegabytes: resident, queryMilliseconds: (times[times.count / 2], times[times.count * 99 / 100]),
                      flaggedCopies: flagged, copies: copies)
    }

    /// A query's fingerprints around a PDQ hash, with a random embedding; no other hashes, since
    /// hash-only references carry none to compare with.
    private static func fingerprints(_ hash: Bits256, _ rng: inout SplitMix64) -> Fingerprints {
        let variants = [hash] + (1 ..< 8).map { _ in rng.bits256() }
        var embedding = (0 ..< LayoutEmbedder().dimension).map { _ in Float(rng.next() % 1000) / 1000 - 0.5 }
        let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
        embedding = embedding.map { $0 / norm }
        return Fingerprints(
            sha256: String(repeating: "0", count: 64), pixelDigest: "", pdq: PDQFingerprint(hash: hash, quality: 100, dihedral: variants),
            hashes: HashCodes(),
            embedding: embedding, embedderIdentifier: LayoutEmbedder().identifier)
    }
}
