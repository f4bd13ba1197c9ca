import PalimpsestCore
import Foundation
import Palimpsest

/// `palimpsest-bench --check LEDGER CORPORA FILE...`: where the time of one `palimpsest serve`
/// check goes, stage by stage, on one core, with the references loaded once as the service
/// loads them. Each stage's figures are the median and the fastest over the files and rounds
/// (the fastest is the least disturbed by other work on the machine). Then how closely the
/// local-feature vote through inverted lists follows every code compared, over the files.
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
        MemoryRetention.returnFreedMemory()
        let (loading, before) = (Date(), ResidentMemory.bytes())
        let service = try CheckService(ledger: ledger, options: options)
        let matcher = service.corpora.all
        let seconds = Date().timeIntervalSince(loading), peak = ResidentMemory.bytes() - before
        MemoryRetention.returnFreedMemory()
        let held = ResidentMemory.bytes() - before
        print(String(format: "references: %d from %@, loaded in %.1f s; resident %.0f bytes per reference (%.0f before freed memory was returned)",
                     service.corpora.referenceCount, corpora.joined(separator: ","), seconds,
                     held / Double(max(1, service.corpora.referenceCount)), peak / Double(max(1, service.corpora.referenceCount))))
        var samples: [String: [Double]] = [:]
        var fidelity = VoteFidelity(listed: matcher.shards[0].localIndex)
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
                    times.measure("  of which local-feature votes") { _ = matcher.shards[0].localIndex.search(features, limit: 20) }
                }
                if let features = query.features, fidelity.compared < files.count { fidelity.compare(features) }
                times.measure("  of which hash and embedding retrieval") {
                    _ = matcher.matcher.candidates(for: query.facts.fingerprints, limit: 5) { matcher.shards[0].details(at: $0) }
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
        fidelity.print()
    }
}

/// How closely the votes of a local-feature index's inverted lists follow those of every
/// stored code compared, query by query: the references with at least three consistent votes
/// (those the matcher takes as candidates) and their votes; for the configured probe budget and
/// for halves and quarters of it, which share the same lists.
struct VoteFidelity {
    let everyCode: LocalFeatureIndex
    let budgets: [(divisor: Int, index: LocalFeatureIndex)]
    private(set) var compared = 0
    private var everyCodeTimes: [Double] = []
    private var tallies: [Tally]

    /// What one probe budget kept.
    private struct Tally {
        var sameBest = 0, withCandidates = 0, exhaustiveVotes = 0.0, differentVotes = 0.0
        var gainedCandidates = 0, lostCandidates = 0, exhaustiveLeaders = 0, lostLeaders = 0
        var times: [Double] = []
    }

    init(listed: LocalFeatureIndex) {
        var everyCode = listed.exhaustive
        everyCode.prepare()
        self.everyCode = everyCode
        budgets = [1, 2, 4].map { ($0, listed.probing(divisor: $0)) }
        tallies = Array(repeating: Tally(), count: budgets.count)
    }

    mutating func compare(_ features: LocalFeatures) {
        var b: [LocalFeatureIndex.Candidate] = []
        everyCodeTimes.append(Stopwatch.measure(rounds: 1) { b = everyCode.search(features, limit: 1_000) } * 1000)
        let exactVotes = Dictionary(uniqueKeysWithValues: b.filter { $0.votes >= 3 }.map { ($0.position, $0.votes) })
        // The candidates verification takes by votes (the matcher's three with the most).
        let leaders = Set(b.prefix(3).filter { $0.votes >= 3 }.map(\.position))
        compared += 1
        for (i, budget) in budgets.enumerated() {
            var a: [LocalFeatureIndex.Candidate] = []
            tallies[i].times.append(Stopwatch.measure(rounds: 1) { a = budget.index.search(features, limit: 1_000) } * 1000)
            let listedVotes = Dictionary(uniqueKeysWithValues: a.filter { $0.votes >= 3 }.map { ($0.position, $0.votes) })
            if !exactVotes.isEmpty {
                tallies[i].withCandidates += 1
                if a.first?.position == b.first?.position { tallies[i].sameBest += 1 }
            }
            for (position, votes) in exactVotes {
                tallies[i].exhaustiveVotes += Double(votes)
                tallies[i].differentVotes += abs(Double(votes) - Double(listedVotes[position] ?? 0))
            }
            let listedLeaders = Set(a.prefix(3).filter { $0.votes >= 3 }.map(\.position))
            tallies[i].exhaustiveLeaders += leaders.count
            tallies[i].lostLeaders += leaders.subtracting(listedLeaders).count
            tallies[i].gainedCandidates += listedVotes.keys.filter { exactVotes[$0] == nil }.count
            tallies[i].lostCandidates += exactVotes.keys.filter { listedVotes[$0] == nil }.count
        }
    }

    func print() {
        guard compared > 0 else { return }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        Swift.print(String(format: "local-feature votes of %d queries, every code compared: %.2f ms median", compared, median(everyCodeTimes)))
        for (budget, t) in zip(budgets, tallies) {
            Swift.print(String(format: "  lists, 1/%d of the configured probes: %.2f ms median; best reference the same for %d of the %d with a "
                               + "candidate; candidate votes differ by %.1f%%; %d candidates (3+ votes) gained, %d lost; of every "
                               + "code's three leading candidates, %d of %d not among the lists' three", budget.divisor, median(t.times),
                               t.sameBest, t.withCandidates, 100 * t.differentVotes / max(1, t.exhaustiveVotes), t.gainedCandidates,
                               t.lostCandidates, t.lostLeaders, t.exhaustiveLeaders))
        }
    }
}
