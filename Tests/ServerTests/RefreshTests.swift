import Foundation
import Hummingbird
import HummingbirdTesting
import Palimpsest
import PalimpsestServer
import PalimpsestTestSupport
import Testing

/// The references stay loaded, and are reloaded when a served corpus changes.
@Suite("corpus refresh")
struct RefreshTests {
    @Test("a reference added to a served corpus while the service runs is matched after the next poll")
    func newReferenceIsPickedUp() async throws {
        // Given a service polling every 100 ms over a corpus without birds-12.png
        var options = ServerOptions()
        options.refreshInterval = .milliseconds(100)
        let harness = try ServerHarness(options: options)
        let copy = try ServerHarness.generated("gen-07.jpg")  // birds-12.png, rescaled and re-encoded
        try await harness.server.application().test(.router) { client in
            let before = try await client.check(copy)
            #expect(try before.decoded(VerdictAnswer.self).flagged == false)

            // When birds-12.png is added to the corpus, as `corpus add` would
            try ServerHarness.add(["birds-12.png"], to: harness.ledger, in: harness.folder)

            // Then within a few polls the copy is matched to it
            var verdict: VerdictAnswer?
            for _ in 0 ..< 100 where verdict?.flagged != true {
                try await Task.sleep(for: .milliseconds(100))
                let after = try await client.check(copy)
                verdict = try after.decoded(VerdictAnswer.self)
            }
            #expect(verdict?.flagged == true)
            #expect(verdict?.finding.matches.first?.reference.path.hasSuffix("birds-12.png") == true)
            #expect(harness.server.service.corpora.referenceCount == ServerHarness.references.count + 1)
        }
    }

    @Test("hash-only references imported into a served corpus are loaded and matched by PDQ")
    func hashOnlyReferences() async throws {
        // Given a served corpus of hashes, one of them nasa-05.jpg's PDQ hash
        var options = ServerOptions()
        options.refreshInterval = .milliseconds(100)
        let harness = try ServerHarness(options: options)
        let original = try ImageAnalyzer().analyze(path: Fixtures.sample.appendingPathComponent("corpus/nasa-05.jpg").path)
        let corpus = try harness.ledger.ensureCorpus(named: "sample", kind: .training)
        var rng = SplitMix64(seed: 5)
        let entries = [HashReference(pdq: original.facts.fingerprints.pdq.hash, quality: 100, label: "list.txt:1")]
            + (2 ... 200).map { HashReference(pdq: Synthetic.bits256(&rng), quality: 100, label: "list.txt:\($0)") }
        _ = try harness.ledger.importHashes(entries, intoCorpus: try #require(corpus.id))
        try await harness.server.application().test(.router) { client in
            // When the refresher has loaded them
            for _ in 0 ..< 100 where harness.server.service.corpora.referenceCount < ServerHarness.references.count + 200 {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(harness.server.service.corpora.referenceCount == ServerHarness.references.count + 200)

            // Then a check of the copy lists the hash-only reference among its matches
            let response = try await client.check(ServerHarness.generated("gen-09.jpg"), query: "top=10")
            let matches = try response.decoded(VerdictAnswer.self).finding.matches
            let listed = try #require(matches.first { $0.reference.path == "list.txt:1" })
            #expect(listed.grade != "none")
        }
    }

    @Test("the revision changes when members are added or a corpus is removed, and not otherwise")
    func revision() throws {
        let harness = try ServerHarness()
        let first = try harness.ledger.revision(ofCorpora: ["sample"])
        #expect(first.entries.map(\.name) == ["sample"])
        #expect(try harness.ledger.revision(ofCorpora: ["sample"]) == first)
        #expect(try harness.server.service.refreshIfChanged() == nil)

        try ServerHarness.add([ServerHarness.references[0]], to: harness.ledger, in: harness.folder)
        #expect(try harness.ledger.revision(ofCorpora: ["sample"]) == first, "adding a member again changes nothing")

        try ServerHarness.add(["birds-12.png"], to: harness.ledger, in: harness.folder)
        let second = try harness.ledger.revision(ofCorpora: ["sample"])
        #expect(second != first)
        #expect(try harness.server.service.refreshIfChanged()?.revision == second)

        try harness.ledger.removeCorpus(named: "sample")
        #expect(try harness.ledger.revision(ofCorpora: ["sample"]).entries.isEmpty)
        #expect(throws: LedgerError.unknownCorpus("sample")) { try harness.server.service.refreshIfChanged() }
        #expect(harness.server.service.corpora.revision == second)
    }
}
