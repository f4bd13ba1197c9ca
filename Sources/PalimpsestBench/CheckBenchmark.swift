import Foundation
import Palimpsest

/// `palimpsest-bench --check LEDGER CORPORA FILE...`: where the time of one `palimpsest serve`
/// check goes, stage by stage, on one core, with the references loaded once as the service
/// loads them. Each stage's figures are the median and the fastest over the files and rounds
/// (the fastest is the least disturbed by other work on the machine).
struct CheckBenchmark {
    let ledger: Ledger
    let corpora: [String]
    let files: [String]
    let rounds: Int

    func run() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-check-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        var options = CheckOptions(corpora: corpora)
        options.reportDirectory = work.path
        let loading = Date()
        let service = try CheckService(ledger: ledger, options: options)
        let matcher = service.corpora.all
        print(String(format: "references: %d from %@, loaded in %.1f s", service.corpora.referenceCount,
                     corpora.joined(separator: ","), Date().timeIntervalSince(loading)))
        var samples: [String: [Double]] = [:]
        func record(_ name: String, _ duration: Duration) {
            samples[name, default: []].append(Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000)
        }
        for file in files {
            let bytes = try ImageDecoder.readFile(file, limit: 1 << 30)
            for _ in 0 ..< rounds {
                let matched = try service.match(bytes)
                let outcome = try service.record(matched, commandLine: "palimpsest-bench --check")
                var times = outcome.times
                let query = matched.query
                if let features = query.features {
                    times.measure("  of which local-feature votes") { _ = matcher.references.localIndex.search(features, limit: 20) }
                }
                times.measure("  of which hash and embedding retrieval") {
                    _ = matcher.matcher.candidates(for: query.facts.fingerprints, limit: 5) { matcher.references.details(at: $0) }
                }
                try times.measure("report JSON") { _ = try JSONCoding.encoder().encode(outcome.finding) }
                for (name, duration) in times.stages { record(name, duration) }
                record("total", times.stages.filter { !$0.name.hasPrefix(" ") }.map(\.duration).reduce(.zero, +))
            }
        }
        let order = ["decode", "fingerprint", "local-features", "metadata", "match", "  of which local-feature votes",
                     "  of which hash and embedding retrieval", "pasted-parts", "match-with-parts", "store-upload", "ledger",
                     "report", "report JSON", "total"]
        func line(_ name: String, _ median: Double, _ fastest: Double) -> String {
            name.padding(toLength: 42, withPad: " ", startingAt: 0) + String(format: "%9.2f ms %9.2f ms", median, fastest)
        }
        print("stage".padding(toLength: 42, withPad: " ", startingAt: 0) + "   median     fastest")
        for name in order {
            guard let values = samples[name]?.sorted() else { continue }
            let share = name == "total" || values.count == samples["total"]?.count ? "" : " (\(values.count) of \(samples["total"]?.count ?? 0) checks)"
            print(line(name, values[values.count / 2], values[0]) + share)
        }
    }
}
