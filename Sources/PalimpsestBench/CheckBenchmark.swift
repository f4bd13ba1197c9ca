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
        let loading = Date()
        let service = try CheckService(ledger: ledger, options: options)
        let matcher = service.corpora.all
        print(String(format: "references: %d from %@, loaded in %.1f s", service.corpora.referenceCount,
                     corpora.joined(separator: ","), Date().timeIntervalSince(loading)))
        var samples: [String: [Double]] = [:]
        var fidelity = VoteFidelity(listed: matcher.references.localIndex)
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
                if let features = query.features, fidelity.compared < files.count { fidelity.compare(features) }
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
        fidelity.print()
    }
}

/// How closely the votes of a local-feature index's inverted lists follow those of every
/// stored code compared, query by query: the references with at least three consistent votes
/// (those the matcher takes as candidates) and their votes.
struct VoteFidelity {
    let listed: LocalFeatureIndex
    let everyCode: LocalFeatureIndex
    private(set) var compared = 0
    private var sameBest = 0, withCandidates = 0, exhaustiveVotes = 0.0, differentVotes = 0.0
    private var gainedCandidates = 0, lostCandidates = 0, exhaustiveLeaders = 0, lostLeaders = 0
    private var listedTimes: [Double] = [], everyCodeTimes: [Double] = []

    init(listed: LocalFeatureIndex) {
        self.listed = listed
        everyCode = listed.exhaustive
        everyCode.prepare()
    }

    mutating func compare(_ features: LocalFeatures) {
        var a: [LocalFeatureIndex.Candidate] = [], b: [LocalFeatureIndex.Candidate] = []
        listedTimes.append(Stopwatch.measure(rounds: 1) { a = listed.search(features, limit: 1_000) } * 1000)
        everyCodeTimes.append(Stopwatch.measure(rounds: 1) { b = everyCode.search(features, limit: 1_000) } * 1000)
        let listedVotes = Dictionary(uniqueKeysWithValues: a.filter { $0.votes >= 3 }.map { ($0.position, $0.votes) })
        let exactVotes = Dictionary(uniqueKeysWithValues: b.filter { $0.votes >= 3 }.map { ($0.position, $0.votes) })
        compared += 1
        if !exactVotes.isEmpty {
            withCandidates += 1
            if a.first?.position == b.first?.position { sameBest += 1 }
        }
        for (position, votes) in exactVotes {
            exhaustiveVotes += Double(votes)
            differentVotes += abs(Double(votes) - Double(listedVotes[position] ?? 0))
        }
        // The candidates verification takes by votes (the matcher's three with the most).
        let leaders = Set(b.prefix(3).filter { $0.votes >= 3 }.map(\.position))
        let listedLeaders = Set(a.prefix(3).filter { $0.votes >= 3 }.map(\.position))
        exhaustiveLeaders += leaders.count
        lostLeaders += leaders.subtracting(listedLeaders).count
        gainedCandidates += listedVotes.keys.filter { exactVotes[$0] == nil }.count
        lostCandidates += exactVotes.keys.filter { listedVotes[$0] == nil }.count
    }

    func print() {
        guard compared > 0 else { return }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        Swift.print(String(format: "local-feature votes of %d queries, inverted lists vs every code compared: %.2f vs %.2f ms median; "
                           + "best reference the same for %d of the %d with a candidate; candidate votes differ by %.1f%%; "
                           + "%d candidates (3+ votes) gained, %d lost; of every code's three leading candidates, %d of %d not "
                           + "among the lists' three", compared, median(listedTimes), median(everyCodeTimes),
                           sameBest, withCandidates, 100 * differentVotes / max(1, exhaustiveVotes), gainedCandidates, lostCandidates,
                           lostLeaders, exhaustiveLeaders))
    }
}
