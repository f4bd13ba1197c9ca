import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing

/// Hash lists: reading python-threatexchange's and Meta's formats, storing hash-only
/// references in the ledger, and exporting corpora so that they re-import identically.
@Suite("Hash lists")
struct HashListTests {
    static let a = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
    static let b = "accb6d39648035f8125c8ce6ba65007de7b54c67a2d93ef7b8f33b0611306715"
    static let c = "1f70cbbc77edc5f9524faa1b18f3b76cd0a04a833e20f645d229d0acc8499c56"

    /// Loaded references as `hex → "quality label"` (`-` for no quality), whatever their order.
    private func byHash(_ r: StoredHashReferences) -> [String: String] {
        Dictionary(uniqueKeysWithValues: r.hashes.indices.map { (r.hashes[$0].hex, "\(r.qualities[$0].map(String.init) ?? "-") \(r.labels[$0])") })
    }

    @discardableResult
    private func importing(_ text: String, into name: String = "flagged", ledger: Ledger, strict: Bool = false) throws -> HashImportSummary {
        let list = HashListParser(source: "list.txt").parse(text)
        return try HashListExchange(ledger: ledger).importList(list, source: "list.txt", into: name, kind: nil, strict: strict,
                                                               commandLine: "test")
    }

    // MARK: - Reading

    @Test("threatexchange lists: `pdq <hex>` lines, bare hashes, any case, blank lines and CRLF")
    func readsThreatExchange() throws {
        let text = "pdq \(Self.a)\r\n\nPDQ\t\(Self.b.uppercased())\n\(Self.c)\n"

        let list = HashListParser(source: "te.txt").parse(text)

        #expect(list.format == .threatexchange)
        #expect(list.problems.isEmpty)
        #expect(list.entries.map(\.pdq.hex) == [Self.a, Self.b, Self.c])
        #expect(list.entries.map(\.quality) == [nil, nil, nil])
        #expect(list.entries.map(\.label) == ["te.txt:1", "te.txt:3", "te.txt:4"])
    }

    @Test("Meta CSV lists: header optional, paths with commas, quoted paths, unknown quality", arguments: [true, false])
    func readsMetaCSV(withHeader: Bool) throws {
        let body = "\(Self.a),100,photos/cat, sitting.jpg\n\(Self.b),48,\"q\"\"uoted.png\"\n\(Self.c),,\n"
        let text = (withHeader ? "hash,quality,path\n" : "") + body

        let list = HashListParser(source: "meta.csv").parse(text)

        let first = withHeader ? 2 : 1
        #expect(list.format == .csv)
        #expect(list.problems.isEmpty)
        #expect(list.entries.map(\.pdq.hex) == [Self.a, Self.b, Self.c])
        #expect(list.entries.map(\.quality) == [100, 48, nil])
        #expect(list.entries.map(\.label) == ["photos/cat, sitting.jpg", "q\"uoted.png", "meta.csv:\(first + 2)"])
    }

    @Test("malformed lines are reported with their numbers and reasons, and the others are read")
    func malformedLines() throws {
        let text = """
            pdq \(Self.a)
            pdq 1234
            md5 d41d8cd98f00b204e9800998ecf8427e
            \(Self.b),90,x.jpg
            pdq \(Self.c) extra

            pdq \(Self.b)
            """

        let list = HashListParser(source: "bad.txt").parse(text)

        #expect(list.entries.map(\.pdq.hex) == [Self.a, Self.b])
        #expect(list.problems.map(\.line) == [2, 3, 4, 5])
        #expect(list.problems[0].reason.contains("`1234` is not a PDQ hash"))
        #expect(list.problems[1].reason.contains("signal type `md5` is not PDQ"))
        #expect(list.problems[2].reason.contains("first line is not CSV"))
        #expect(list.problems[3].reason.contains("expected `pdq <64 hex digits>`"))
    }

    @Test("CSV lines with a bad hash or quality are reported")
    func malformedCSV() throws {
        let list = HashListParser(source: "m.csv").parse("\(Self.a),101,a.jpg\nnot-a-hash,50,b.jpg\n\(Self.b),fifty,c.jpg\n\(Self.c)\n")

        #expect(list.entries.isEmpty)
        #expect(list.problems.map(\.line) == [1, 2, 3, 4])
        #expect(list.problems[0].reason.contains("quality `101`"))
        #expect(list.problems[1].reason.contains("`not-a-hash` is not a PDQ hash"))
        #expect(list.problems[3].reason.contains("expected `hash,quality,path`"))
    }

    // MARK: - Storing

    @Test("imported hashes become hash-only references: identity pdq:<hex>, PDQ and quality only")
    func importStoresHashOnlyReferences() throws {
        let ledger = try Ledger()

        let summary = try importing("\(Self.a),92,cat.jpg\n\(Self.b),,dog.jpg\n\(Self.a),50,cat-again.jpg\n", ledger: ledger)

        #expect((summary.added, summary.alreadyPresent, summary.problems.count) == (2, 1, 0))
        let loaded = try ledger.hashReferences(inCorpora: ["flagged"])
        #expect(byHash(loaded) == [Self.a: "92 cat.jpg", Self.b: "- dog.jpg"])
        #expect(loaded.imageIDs == loaded.imageIDs.sorted())
        #expect((0 ..< loaded.count).map { loaded.corpus(at: $0) } == ["flagged", "flagged"])
        #expect(try ledger.references(inCorpora: ["flagged"]).isEmpty, "hash-only references are not image files")
        #expect(try ledger.corpus(named: "flagged")?.kind == .registry)
        #expect(try ledger.hasImage(sha256: "pdq:" + Self.a))
    }

    @Test("importing the same list again adds nothing; a later list fills in an unknown quality")
    func reimportIsIdempotent() throws {
        let ledger = try Ledger()
        try importing("pdq \(Self.a)\npdq \(Self.b)\n", ledger: ledger)

        let again = try importing("pdq \(Self.a)\npdq \(Self.b)\n", ledger: ledger)
        try importing("\(Self.a),77,a.jpg\n", into: "other", ledger: ledger)

        #expect((again.added, again.alreadyPresent) == (0, 2))
        #expect(byHash(try ledger.hashReferences(inCorpora: ["flagged"])) == [Self.a: "77 list.txt:1", Self.b: "- list.txt:2"])
    }

    @Test("an import that adds hashes changes the corpus revision; one that adds none leaves it")
    func importChangesRevision() throws {
        let ledger = try Ledger()
        try importing("pdq \(Self.a)\n", ledger: ledger)
        let first = try ledger.revision(ofCorpora: ["flagged"])

        try importing("pdq \(Self.a)\n", ledger: ledger)
        #expect(try ledger.revision(ofCorpora: ["flagged"]) == first)

        try importing("pdq \(Self.b)\n", ledger: ledger)
        #expect(try ledger.revision(ofCorpora: ["flagged"]) != first)
    }

    @Test("a malformed line does not stop the import, and the run records the lines; --strict imports nothing")
    func malformedLinesImportTheRest() throws {
        let ledger = try Ledger()
        let text = "pdq \(Self.a)\npdq nope\npdq \(Self.b)\n"

        let summary = try importing(text, ledger: ledger)

        #expect(summary.added == 2)
        #expect(summary.problems.map(\.line) == [2])
        let recorded = try ledger.errors(inRun: summary.runID)
        #expect(recorded.map(\.kind) == ["malformed-hash-lines"])
        #expect(recorded.first?.message.contains("line 2: `nope` is not a PDQ hash") == true)
        #expect(throws: HashListError.malformedLines(source: "list.txt", count: 1)) {
            try importing(text, into: "strict", ledger: ledger, strict: true)
        }
        #expect(try ledger.corpus(named: "strict") == nil)
    }

    // MARK: - Exporting

    @Test("a list exported and imported into a fresh ledger is the same corpus, in both formats", arguments: HashListFormat.allCases)
    func roundTrip(format: HashListFormat) throws {
        // Given a corpus from a CSV list and a threatexchange list
        let original = try Ledger()
        try importing("\(Self.c),88,c.jpg\n\(Self.a),,a/with,comma.jpg\n", ledger: original)
        try importing("pdq \(Self.b)\n", ledger: original)
        let exported = try HashListExchange(ledger: original).export(corpus: "flagged", format: format)

        // When it is imported into another ledger and exported again
        let copy = try Ledger()
        let summary = try importing(exported, ledger: copy)
        let reexported = try HashListExchange(ledger: copy).export(corpus: "flagged", format: format)

        // Then both exports are byte for byte the same, and so are the references
        #expect(summary.problems.isEmpty)
        #expect(reexported == exported)
        let before = try original.hashReferences(inCorpora: ["flagged"]), after = try copy.hashReferences(inCorpora: ["flagged"])
        #expect(Set(after.hashes) == Set(before.hashes))
        if format == .csv { #expect(byHash(after) == byHash(before)) }
    }

    @Test("exports are ordered by hash, not by import order")
    func exportFormats() throws {
        let ledger = try Ledger()
        try importing("\(Self.a),,a.jpg\n\(Self.c),88,c.jpg\n\(Self.a),90,a-again.jpg\n", ledger: ledger)
        let exchange = HashListExchange(ledger: ledger)

        #expect(try exchange.export(corpus: "flagged", format: .threatexchange) == "pdq \(Self.c)\npdq \(Self.a)\n")
        #expect(try exchange.export(corpus: "flagged", format: .csv) == "\(Self.c),88,c.jpg\n\(Self.a),90,a.jpg\n")
        #expect(throws: LedgerError.unknownCorpus("nope")) { try exchange.export(corpus: "nope", format: .csv) }
    }

    @Test("exporting an image corpus exports its images' PDQ hashes with their paths; threatexchange lists each hash once")
    func exportImageCorpus() throws {
        let ledger = try Ledger()
        let corpus = try ledger.ensureCorpus(named: "art", kind: .artist)
        var rng = SplitMix64(seed: 5)
        let fingerprints = Synthetic.fingerprints(sha256: "aa", &rng)
        var twin = fingerprints
        twin.sha256 = "bb"
        for (facts, path) in [(fingerprints, "art/a.png"), (twin, "art/b.png")] {
            _ = try ledger.add(ImageFacts(format: .png, width: 8, height: 8, fileSize: 10, fingerprints: facts), toCorpus: corpus.id!, path: path)
        }
        let exchange = HashListExchange(ledger: ledger)

        let csv = try exchange.export(corpus: "art", format: .csv)
        let threatexchange = try exchange.export(corpus: "art", format: .threatexchange)

        let hex = fingerprints.pdq.hash.hex, quality = fingerprints.pdq.quality
        #expect(csv == "\(hex),\(quality),art/a.png\n\(hex),\(quality),art/b.png\n")
        #expect(threatexchange == "pdq \(hex)\n")
    }
}
