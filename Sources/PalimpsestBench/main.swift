import Foundation
import Palimpsest

// `palimpsest-bench FOLDER... [--min-megapixels X] [--json FILE] [--index-size N]`
// Release-mode throughput: scaled decode alone vs decode plus every fingerprint, and the PDQ
// index lookup on synthetic hashes. Timings are reported with ratios measured in the same run.

let arguments = BenchArguments(CommandLine.arguments.dropFirst())
let files = arguments.folders.flatMap { InputWalker.expand([$0]).files }
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
    ("sha256 of file", { _, bytes in _ = Fingerprinter.sha256Hex(bytes) }),
    ("pixel digest", { raster, _ in _ = Fingerprinter.pixelDigest(raster) }),
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

var lookupMilliseconds = 0.0
if arguments.indexSize > 0 {
    let lookup = IndexBenchmark(size: arguments.indexSize).run()
    lookupMilliseconds = lookup.nearestMilliseconds
    print(String(format: "PDQ index, %d synthetic hashes, one core: nearest with 8 dihedral variants %.2f ms/query, range r=31 %.2f ms/query (%d found)",
                 arguments.indexSize, lookup.nearestMilliseconds, lookup.rangeMilliseconds, lookup.found))
}

if let json = arguments.jsonPath {
    let summary: [String: Double] = [
        "images": Double(images.count),
        "decode_per_second": perSecond(decodeOnly),
        "full_decode_per_second": perSecond(fullDecode),
        "fingerprints_per_second": perSecond(everything),
        "pdq_nearest_ms": lookupMilliseconds,
    ]
    try JSONCoding.encoder(pretty: true).encode(summary).write(to: URL(fileURLWithPath: json))
}
