import PalimpsestCore
import Foundation
import Palimpsest

/// The command line of `palimpsest-bench`.
struct BenchArguments {
    var folders: [String] = []
    var minimumMegapixels = 0.0
    var jsonPath: String?
    var indexSizes = [1_000_000, 10_000_000]
    var crossoverSizes = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000]
    var hashReferenceSizes = [1_000_000]
    var imageReferenceSizes: [Int] = []
    var indexScaleSizes: [Int] = []
    var embeddingScaleSizes: [Int] = []
    var rounds = 3
    var check: (ledger: String, corpora: [String])?
    var makePanel: (list: String, output: String)?
    var makeCodePanel: (list: String, output: String)?
    var panelSize = 1024

    init(_ raw: ArraySlice<String>) {
        var it = raw.makeIterator()
        while let arg = it.next() {
            switch arg {
            case "--min-megapixels": minimumMegapixels = Double(it.next() ?? "") ?? 0
            case "--json": jsonPath = it.next()
            case "--index-sizes": indexSizes = Self.sizes(it.next())
            case "--crossover-sizes": crossoverSizes = Self.sizes(it.next())
            case "--hash-references": hashReferenceSizes = Self.sizes(it.next())
            case "--image-references": imageReferenceSizes = Self.sizes(it.next())
            case "--index-scale": indexScaleSizes = Self.sizes(it.next())
            case "--embedding-scale": embeddingScaleSizes = Self.sizes(it.next())
            case "--rounds": rounds = max(1, Int(it.next() ?? "") ?? rounds)
            case "--make-panel": makePanel = (it.next() ?? "", it.next() ?? "")
            case "--make-code-panel": makeCodePanel = (it.next() ?? "", it.next() ?? "")
            case "--panel-size": panelSize = max(1, Int(it.next() ?? "") ?? panelSize)
            case "--check": check = (it.next() ?? "", (it.next() ?? "").split(separator: ",").map(String.init))
            default: folders.append(arg)
            }
        }
    }

    /// Comma-separated sizes; `0` or nothing for none.
    private static func sizes(_ text: String?) -> [Int] {
        (text ?? "").split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
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
    static func measure(rounds: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0 ..< rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}

/// Processor time of the whole process, which other programs on the machine do not inflate as
/// they do wall-clock time.
enum ProcessorClock {
    /// Seconds of processor time `body` took (all threads).
    static func measure(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}


/// The process's resident memory.
enum ResidentMemory {
    /// Resident bytes, from `/proc/self/statm` (0 where there is none).
    static func bytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE)))
    }
}
