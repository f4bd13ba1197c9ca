import PalimpsestCore
import Foundation
import Palimpsest

// `palimpsest-bench [FOLDER...] [--min-megapixels X] [--json FILE] [--index-sizes N,N] [--crossover-sizes N,N]
//                   [--hash-references N] [--image-references N,N] [--index-scale N,N] [--embedding-scale N,N]`
// `palimpsest-bench --make-panel LIST SWIFT_FILE [--panel-size N]`: the embedding background panel (see PanelMaker).
// `palimpsest-bench --make-code-panel LIST SWIFT_FILE [--panel-size N]`: the local-feature code panel (see CodePanelMaker).
// `palimpsest-bench --check LEDGER CORPUS[,CORPUS] FILE... [--rounds N]`: stages of a `serve` check,
// and the local-feature vote's inverted lists against every code compared.
// Release-mode throughput: scaled decode alone vs decode plus every fingerprint (when folders
// are given), PDQ lookups on synthetic hashes by brute force and through the multi-index, and a
// hash-only corpus imported into a ledger, loaded and queried, and (when asked) synthetic image
// references held in memory: bytes per reference and retrieval time per query. Timings are reported with ratios
// measured in the same run. Freed memory is kept for reuse, as `palimpsest` keeps it.

MemoryRetention.keepFreedMemory()
let arguments = BenchArguments(CommandLine.arguments.dropFirst())
if let makePanel = arguments.makePanel {
    try PanelMaker(list: makePanel.list, output: makePanel.output, size: arguments.panelSize).run()
    exit(0)
}
if let makeCodePanel = arguments.makeCodePanel {
    try CodePanelMaker(list: makeCodePanel.list, output: makeCodePanel.output, size: arguments.panelSize).run()
    exit(0)
}
if let check = arguments.check {
    try CheckBenchmark(ledger: try Ledger(path: check.ledger), corpora: check.corpora, files: arguments.folders.flatMap { InputWalker.expand([$0]).files },
                       rounds: arguments.rounds).run()
    exit(0)
}
var summary: [String: Double] = [:]

if !arguments.crossoverSizes.isEmpty {
    let (size, rows) = MultiIndexBenchmark().crossover(sizes: arguments.crossoverSizes)
    print("PDQ range query r=31, one core, µs/query (brute force | multi-index):")
    for row in rows {
        print(String(format: "  %10d hashes: %9.1f | %8.1f  (%.2fx)", row.size, row.bruteMicroseconds, row.indexMicroseconds,
                     row.bruteMicroseconds / row.indexMicroseconds))
    }
    print("crossover: " + (size.map { "the multi-index is faster from \($0) hashes on" } ?? "not reached"))
    summary["multi_index_crossover"] = Double(size ?? 0)
}
for size in arguments.indexSizes {
    let r = MultiIndexBenchmark().run(size: size)
    print(String(format: "PDQ index, %d synthetic hashes, one core (brute force on %d queries, multi-index on %d; half near-duplicates):",
                 size, r.bruteQueries, r.indexQueries))
    print(String(format: "  range r=31:                   brute force %9.1f queries/s, multi-index %9.1f queries/s, speedup %.1fx",
                 r.bruteRangePerSecond, r.indexRangePerSecond, r.rangeSpeedup))
    print(String(format: "  nearest, 8 dihedral, r<=31:   brute force %9.1f queries/s, multi-index %9.1f queries/s, speedup %.1fx",
                 r.bruteNearestPerSecond, r.indexNearestPerSecond, r.nearestSpeedup))
    print(String(format: "  range r=31 by layout:         12 substrings of 21-22 bits %9.1f queries/s, 16 of 16 bits %9.1f queries/s",
                 r.layouts[3] ?? 0, r.layouts[4] ?? 0))
    print(String(format: "  identical results: %@ (%d hits); multi-index built in %.2f s, %.0f MB beside %.0f MB of hashes",
                 r.identical ? "yes" : "NO", r.found, r.buildSeconds, Double(r.indexBytes) / 1e6, Double(size * 32) / 1e6))
    summary["pdq_\(size)_brute_range_qps"] = r.bruteRangePerSecond
    summary["pdq_\(size)_mih_range_qps"] = r.indexRangePerSecond
    summary["pdq_\(size)_brute_nearest_qps"] = r.bruteNearestPerSecond
    summary["pdq_\(size)_mih_nearest_qps"] = r.indexNearestPerSecond
    summary["pdq_\(size)_identical"] = r.identical ? 1 : 0
    if !r.identical { FileHandle.standardError.write(Data("palimpsest-bench: multi-index and brute force disagree at \(size)\n".utf8)) }
}

for size in arguments.hashReferenceSizes {
    let r = try HashReferenceBenchmark().run(size: size)
    print(String(format: "hash-only corpus of %d references in a ledger file: imported in %.1f s; loaded in %.2f s "
                 + "(ledger read %.2f s, indexes %.2f s; %.2f s of processor time), %.0f MB resident", size, r.importSeconds,
                 r.readSeconds + r.indexSeconds, r.readSeconds, r.indexSeconds, r.loadProcessorSeconds, r.residentMegabytes))
    print(String(format: "  matcher over it, one core: %.2f ms/query median, %.2f ms p99; %d of %d copies (5-25 bits flipped) flagged",
                 r.queryMilliseconds.p50, r.queryMilliseconds.p99, r.flaggedCopies, r.copies))
    summary["hash_references_\(size)_load_seconds"] = r.readSeconds + r.indexSeconds
    summary["hash_references_\(size)_query_p99_ms"] = r.queryMilliseconds.p99
}

for size in arguments.imageReferenceSizes {
    let r = ImageReferenceBenchmark().run(size: size)
    print(String(format: "image references, %d synthetic (400 keypoints each): built in %.1f s, %.0f bytes resident per reference", size,
                 r.buildSeconds, r.residentBytesPerReference))
    print(String(format: "  one core, ms/query (p50 | p99): hashes and embedding %.2f | %.2f; local-feature votes %.2f | %.2f; "
                 + "source first by votes for %d of %d", r.candidatesMilliseconds.p50, r.candidatesMilliseconds.p99,
                 r.votesMilliseconds.p50, r.votesMilliseconds.p99, r.sourceFirst, r.queries))
    summary["image_references_\(size)_bytes_per_reference"] = r.residentBytesPerReference
    summary["image_references_\(size)_votes_p50_ms"] = r.votesMilliseconds.p50
    summary["image_references_\(size)_candidates_p50_ms"] = r.candidatesMilliseconds.p50
}

for size in arguments.indexScaleSizes {
    let r = IndexScaleBenchmark().run(size: size)
    print(String(format: "index scale, %d synthetic references (%d codes each): built in %.1f s, %.0f bytes resident per reference", size,
                 IndexScaleBenchmark.codesPerReference, r.buildSeconds, r.bytesPerReference))
    print(String(format: "  one core, ms/query (p50 | p99): hashes and embedding %.2f | %.2f; votes against the code panel %.2f | %.2f; "
                 + "source first for %d of %d; references voted for by every code and missed by the lists: %d of %d",
                 r.hashesMilliseconds.p50, r.hashesMilliseconds.p99, r.votesMilliseconds.p50, r.votesMilliseconds.p99,
                 r.sourceFirst, r.queries, r.votedLost, r.voted))
    print(String(format: "  embeddings: %.2f ms/query p50; the source (cosine 0.9) among the nearest 16 for %d of %d; of the nearest 16 comparing every embedding, %d of %d missed",
                 r.embeddingMilliseconds, r.embeddingSourceFound, r.queries, r.embeddingNearestLost, r.embeddingNearest))
    summary["index_scale_\(size)_embedding_nearest_missed"] = Double(r.embeddingNearestLost) / Double(max(1, r.embeddingNearest))
    summary["index_scale_\(size)_bytes_per_reference"] = r.bytesPerReference
    summary["index_scale_\(size)_build_seconds"] = r.buildSeconds
    summary["index_scale_\(size)_hashes_p50_ms"] = r.hashesMilliseconds.p50
    summary["index_scale_\(size)_votes_p50_ms"] = r.votesMilliseconds.p50
}

for size in arguments.embeddingScaleSizes {
    let r = EmbeddingScaleBenchmark().run(size: size)
    print(String(format: "embedding scale, %d synthetic embeddings: cells built in %.1f s; comparing every one %.2f ms/query p50, "
                 + "the source among the nearest 16 for %d of %d queries", size, r.buildSeconds, r.exhaustiveMilliseconds,
                 r.sourceFound, r.queriesByCosine.values.reduce(0, +)))
    for row in r.rows {
        let found = r.queriesByCosine.keys.sorted().map { String(format: "at %.2f, %d of %d", $0, row.sourceFound[$0] ?? 0, r.queriesByCosine[$0]!) }
            .joined(separator: "; ")
        print(String(format: "  %3d cells probed (of %d groups): %.2f ms/query p50; the source among the nearest 16 (%@); of the %d nearest comparing every one, %d missed (of the %d at cosine 0.8 or more, %d)",
                     row.probes, row.groupProbes, row.milliseconds, found, r.nearest, row.nearestMissed, r.near, row.nearMissed))
    }
}

let files = arguments.folders.flatMap { InputWalker.expand([$0]).files }
if arguments.folders.isEmpty {
    if let json = arguments.jsonPath { try JSONCoding.encoder(pretty: true).encode(summary).write(to: URL(fileURLWithPath: json)) }
    exit(0)
}
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("palimpsest-bench: no images under \(arguments.folders.joined(separator: ", ")) (is ../shared present?)\n".utf8))
    exit(1)
}
let images = try ImageSet(files: files, minimumMegapixels: arguments.minimumMegapixels)
print("images: \(images.count) from \(arguments.folders.joined(separator: ", ")), \(images.megapixelRange)")

let decodeOnly = Stopwatch.measure(rounds: arguments.rounds) {
    for bytes in images.bytes { _ = try? ImageDecoder(options: AnalysisOptions().decode).decode(bytes) }
}
let fullDecode = Stopwatch.measure(rounds: arguments.rounds) {
    for bytes in images.bytes { _ = try? ImageDecoder(options: AnalysisOptions(pixelsExact: true).decode).decode(bytes) }
}
let analyzer = ImageAnalyzer(options: AnalysisOptions(extractsLocalFeatures: false))
let everything = Stopwatch.measure(rounds: arguments.rounds) {
    for bytes in images.bytes { _ = try? analyzer.analyze(bytes: bytes, path: "") }
}
let perSecond = { (seconds: Double) in Double(images.count) / seconds }
print(String(format: "one core: scaled decode %.1f images/s, full decode %.1f images/s, scaled decode + all fingerprints %.1f images/s",
             perSecond(decodeOnly), perSecond(fullDecode), perSecond(everything)))
print(String(format: "ratio (decode + fingerprints) / (scaled decode alone): %.2f", everything / decodeOnly))

let rasters = images.bytes.compactMap { try? ImageDecoder(options: AnalysisOptions().decode).decode($0).raster }
let fingerprinter = Fingerprinter()
let stages: [(String, (Raster, [UInt8]) -> Void)] = [
    ("sha256 of file", { _, bytes in _ = Digest.sha256Hex(bytes) }),
    ("pixel digest", { raster, _ in _ = Digest.pixelDigest(raster) }),
    ("pdq + dihedral", { raster, _ in _ = PDQHasher().fingerprint(raster) }),
    ("imagehash (5)", { raster, _ in _ = ImageHasher().hashes(raster) }),
    ("embedding", { raster, _ in _ = fingerprinter.embedder.embed(raster) }),
    ("local features (for matching, not in `hash`)", { raster, _ in _ = LocalFeatureExtractor().extract(raster) }),
]
let stageTimes = stages.map { name, stage in
    (name, Stopwatch.measure(rounds: arguments.rounds) { for (r, b) in zip(rasters, images.bytes) { stage(r, b) } })
}
print("per image, one core: scaled decode " + String(format: "%.2f ms", decodeOnly * 1000 / Double(images.count))
      + stageTimes.map { String(format: ", %@ %.2f ms", $0.0, $0.1 * 1000 / Double(images.count)) }.joined())

if let json = arguments.jsonPath {
    summary["images"] = Double(images.count)
    summary["decode_per_second"] = perSecond(decodeOnly)
    summary["full_decode_per_second"] = perSecond(fullDecode)
    summary["fingerprints_per_second"] = perSecond(everything)
    try JSONCoding.encoder(pretty: true).encode(summary).write(to: URL(fileURLWithPath: json))
}
