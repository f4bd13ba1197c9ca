import Foundation
import Palimpsest
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// A reference set loaded from a ledger keeps its index in memory and reads a reference's local
/// features back from the ledger only when that reference is verified.
@Suite("Reference set loaded from a ledger")
struct ReferenceSetLoadingTests {
    @Test("features read back for verification are the ones the ledger stored, for every reference")
    func featuresAreReadBackFromTheLedger() throws {
        let ledger = try Ledger()
        let paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "refs", kind: .registry, paths: paths, commandLine: "test")
        let stored = try ledger.references(inCorpora: ["refs"], featureExtractor: LocalFeatureExtractor.identifier)

        let set = try ReferenceSet(ledger: ledger, corpora: ["refs"], embedder: LayoutEmbedder())

        #expect(set.references.map(\.imageID) == stored.map(\.imageID))
        #expect(set.references.allSatisfy { $0.localFeatures == nil && $0.embedding == nil })
        for (position, reference) in stored.enumerated() {
            let read = try #require(set.features(at: position))
            #expect(read.serialized() == reference.localFeatures, "\(reference.path)")
            #expect(read.count > 0)
        }
    }

    @Test("the packed references read back as the ledger stored them, less embedding and features")
    func packedReferencesReadBackWhole() throws {
        let ledger = try Ledger()
        let paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "réfs ✓", kind: .registry, paths: paths, commandLine: "test")
        let stored = try ledger.references(inCorpora: ["réfs ✓"], featureExtractor: LocalFeatureExtractor.identifier)

        let set = try ReferenceSet(ledger: ledger, corpora: ["réfs ✓"], embedder: LayoutEmbedder())

        #expect(set.references.count == stored.count)
        for (position, expected) in stored.enumerated() {
            let read = set.references[position]
            #expect(read.imageID == expected.imageID && read.sha256 == expected.sha256 && read.pixelDigest == expected.pixelDigest)
            #expect(read.corpus == expected.corpus && read.path == expected.path && read.format == expected.format)
            #expect(read.width == expected.width && read.height == expected.height && read.fileSize == expected.fileSize)
            #expect(read.pdq == expected.pdq && read.pdqQuality == expected.pdqQuality && read.embedder == expected.embedder)
            #expect(read.hashCodes == expected.hashCodes && !read.hashCodes.isEmpty)
            #expect(read.embedding == nil && read.localFeatures == nil)
        }
    }

    @Test("the streamed load lists references in image order, once each, with their hash codes")
    func streamedLoadMatchesTheWholeRead() throws {
        let ledger = try Ledger()
        let paths = Fixtures.sampleReferences.map(Fixtures.samplePath)
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "a", kind: .registry, paths: paths, commandLine: "test")
        _ = try CorpusIngest(ledger: ledger, jobs: 1).add(corpus: "b", kind: .registry, paths: Array(paths.prefix(2)), commandLine: "test")

        var streamed: [StoredReference] = []
        try ledger.forEachReference(inCorpora: ["a", "b"]) { streamed.append($0) }

        #expect(streamed.count == paths.count)
        #expect(streamed.map(\.imageID) == streamed.map(\.imageID).sorted())
        #expect(streamed.allSatisfy { $0.hashCodes["phash"] != nil })
    }
}
