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
        let copy = ByteBuffer(bytes: try ServerHarness.generated("gen-07.jpg"))  // birds-12.png, rescaled and re-encoded
        try await harness.server.application().test(.router) { client in
            let before = try await client.execute(uri: "/v1/check", method: .post, headers: ServerHarness.authorized(), body: copy)
            #expect(try before.decoded(VerdictAnswer.self).flagged == false)

            // When birds-12.png is added to the corpus, as `corpus add` would
            try ServerHarness.add(["birds-12.png"], to: harness.ledger, in: harness.folder)

            // Then within a few polls the copy is matched to it
            var verdict: VerdictAnswer?
            for _ in 0 ..< 100 where verdict?.flagged != true {
                try await Task.sleep(for: .milliseconds(100))
                let after = try await client.execute(uri: "/v1/check", method: .post, headers: ServerHarness.authorized(), body: copy)
                verdict = try after.decoded(VerdictAnswer.self)
            }
            #expect(verdict?.flagged == true)
            #expect(verdict?.finding.matches.first?.reference.path.hasSuffix("birds-12.png") == true)
            #expect(harness.server.service.corpora.referenceCount == ServerHarness.references.count + 1)
        }
    }

    @Test("the revision changes when members are added or a corpus is removed, and not otherwise")
    func revision() throws {
        let harness = try ServerHarness()
        let first = try harness.ledger.revision(ofCorpora: ["sample"])
        #expect(first.memberCount == ServerHarness.references.count)
        #expect(try harness.ledger.revision(ofCorpora: ["sample"]) == first)
        #expect(try harness.server.service.refreshIfChanged() == nil)

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
