import Foundation
import PalimpsestCore
import PalimpsestFingerprint
@testable import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("Local-feature segments")
struct LocalFeatureSegmentTests {
    /// The sample references' features, and a crop of one of them as a query.
    static func sample() throws -> (references: [LocalFeatures], query: LocalFeatures) {
        let references = try Fixtures.sampleReferences.map { LocalFeatureExtractor().extract(try RasterTransforms.sample($0)) }
        let reference = try RasterTransforms.sample(Fixtures.sampleReferences[1])
        let query = LocalFeatureExtractor().extract(RasterTransforms.cropped(reference, x: 10, y: 10, width: reference.width / 2,
                                                                            height: reference.height / 2))
        return (references, query)
    }

    /// Lists of about 8 codes, grouped beyond 8 lists: the sample's few hundred codes use every
    /// part of the listing.
    static var groupedListing: LocalFeatureIndex.Listing {
        var listing = LocalFeatureIndex.Listing()
        listing.minimumCount = 0
        listing.codesPerList = 8
        listing.flatLists = 8
        listing.groupedProbes = 30
        listing.groupProbes = 4
        return listing
    }

    @Test("a segment written and read back searches exactly as the same references added one by one")
    func segmentReadBackSearchesAsAddedReferences() throws {
        let (references, query) = try Self.sample()
        var added = LocalFeatureIndex(listing: Self.groupedListing)
        for features in references { added.add(features) }
        let segment = LocalFeatureSegment(extractor: "test-extractor", featuresPerReference: 400, listing: Self.groupedListing,
                                          references: references.enumerated().map { (Int64(100 + $0), $1) })
        let path = try Synthetic.temporaryDirectory().appendingPathComponent("segment.lfseg").path
        try segment.write(to: path)

        let read = try LocalFeatureSegment(contentsOf: path)
        var opened = LocalFeatureIndex(listing: Self.groupedListing)
        opened.append(read, positions: Array(references.indices))

        #expect(read.keys == Array(100 ..< Int64(100 + references.count)))
        #expect(opened.storedWords == added.storedWords && opened.owners == added.owners)
        let a = added.nearestCodes(of: query, cutoff: 38), b = opened.nearestCodes(of: query, cutoff: 38)
        #expect(a.map(\.first) == b.map(\.first) && a.map(\.distance) == b.map(\.distance) && a.map(\.otherDistance) == b.map(\.otherDistance))
        let best = opened.search(query, limit: 3)
        #expect(best == added.search(query, limit: 3))
        #expect(best.first?.position == 1)
    }

    @Test("a segment whose lists name one code twice (so another never) is refused, since its lists are the only copy of its codes read")
    func listsNamingACodeTwiceAreRefused() throws {
        let (references, _) = try Self.sample()
        let segment = LocalFeatureSegment(extractor: "x", featuresPerReference: 400, listing: Self.groupedListing,
                                          references: references.enumerated().map { (Int64($0), $1) })
        let folder = try Synthetic.temporaryDirectory()
        let good = folder.appendingPathComponent("good.lfseg").path, bad = folder.appendingPathComponent("bad.lfseg").path
        try segment.write(to: good)
        // The same sections, checksummed afresh, but the second listed position repeats the first.
        let file = try IndexFile(path: good, kind: LocalFeatureSegment.fileKind, version: LocalFeatureSegment.formatVersion)
        var writer = IndexFileWriter(kind: LocalFeatureSegment.fileKind, version: LocalFeatureSegment.formatVersion)
        try writer.append("header", json: try file.json("header", as: LocalFeatureSegment.Header.self))
        writer.append("keys", try file.array("keys", of: Int64.self))
        writer.append("counts", try file.array("counts", of: Int32.self))
        for tag in ["codes", "lcentres", "lmembers", "gcentres"] { writer.append(tag, try file.array(tag, of: UInt64.self)) }
        for tag in ["angles", "lscales"] { writer.append(tag, try file.array(tag, of: Float.self)) }
        var positions = try file.array("lpos", of: Int32.self)
        positions[1] = positions[0]
        writer.append("lpos", positions)
        for tag in ["lstarts", "gstarts", "gprobes"] { writer.append(tag, try file.array(tag, of: Int32.self)) }
        try writer.write(to: bad)

        #expect(try LocalFeatureSegment(contentsOf: good).words == segment.words)
        #expect(throws: IndexFileError.self) { try LocalFeatureSegment(contentsOf: bad) }
    }

    @Test("a prepared index holds its codes in its lists alone, and searches and grows exactly as one that was not prepared")
    func preparedIndexHoldsCodesOnce() throws {
        let (references, query) = try Self.sample()
        var lazy = LocalFeatureIndex(listing: Self.groupedListing)
        for features in references.dropLast() { lazy.add(features) }
        var prepared = lazy
        prepared.prepare()

        #expect(prepared.holdsCodesOnce && !lazy.holdsCodesOnce)
        #expect(prepared.storedWords == lazy.storedWords)
        #expect(prepared.storedCode(at: 5) == lazy.storedCode(at: 5))
        #expect(prepared.search(query, limit: 5) == lazy.search(query, limit: 5))
        // A reference added after preparing joins the codes the lists held.
        prepared.add(references.last!)
        lazy.add(references.last!)
        #expect(prepared.storedWords == lazy.storedWords)
        #expect(prepared.search(query, limit: 5) == lazy.search(query, limit: 5))
    }

    @Test("an appended segment keeps its lists when only the probe budget differs, and is listed again otherwise")
    func appendedSegmentKeepsItsListsUnlessTheyWouldDiffer() throws {
        let (references, query) = try Self.sample()
        let segment = LocalFeatureSegment(extractor: "x", featuresPerReference: 400, listing: Self.groupedListing,
                                          references: references.enumerated().map { (Int64($0), $1) })
        var fewerProbes = Self.groupedListing
        fewerProbes.groupedProbes = 10
        fewerProbes.groupProbes = 2
        var otherLists = Self.groupedListing
        otherLists.codesPerList = 16

        var probing = LocalFeatureIndex(listing: fewerProbes)
        probing.append(segment, positions: Array(references.indices))
        var relisted = LocalFeatureIndex(listing: otherLists)
        relisted.append(segment, positions: Array(references.indices))

        #expect(probing.listedRunCount == 1)
        #expect(relisted.listedRunCount == 0)
        #expect(probing.search(query, limit: 1).first?.position == 1)
        #expect(relisted.search(query, limit: 1).first?.position == 1)
    }

    @Test("segments appended at other positions vote for the references at those positions")
    func appendedSegmentsVoteAtTheirPositions() throws {
        let (references, query) = try Self.sample()
        // Two segments, interleaved: even references first, odd ones at the positions between.
        let even = references.indices.filter { $0 % 2 == 0 }, odd = references.indices.filter { $0 % 2 == 1 }
        var index = LocalFeatureIndex(listing: Self.groupedListing)
        for part in [even, odd] {
            let segment = LocalFeatureSegment(extractor: "x", featuresPerReference: 400, listing: Self.groupedListing,
                                              references: part.map { (Int64($0), references[$0]) })
            index.append(segment, positions: part)
        }
        #expect(index.runCount == 2 && index.count == references.count)
        #expect(index.search(query, limit: 1).first?.position == 1)
    }

    @Test("a segment whose lists point outside its codes is refused, though its checksum is good")
    func inconsistentSegmentIsRefused() throws {
        var writer = IndexFileWriter(kind: LocalFeatureSegment.fileKind, version: LocalFeatureSegment.formatVersion)
        try writer.append("header", json: LocalFeatureSegment.Header(extractor: "x", featuresPerReference: 400, listing: .init(),
                                                                      referenceCount: 1, codeCount: 2))
        writer.append("keys", [Int64(1)])
        writer.append("counts", [Int32(2)])
        writer.append("codes", [UInt64](repeating: 0, count: 4))
        writer.append("angles", [Float](repeating: 0, count: 2))
        writer.append("lscales", [Float](repeating: 0, count: 2))
        writer.append("lcentres", [UInt64(0), 0])
        writer.append("lstarts", [Int32(0), 2])
        writer.append("lmembers", [UInt64](repeating: 0, count: 4))
        writer.append("lpos", [Int32(0), 5_000_000])
        writer.append("gcentres", [UInt64]())
        writer.append("gstarts", [Int32(0)])
        writer.append("gprobes", [Int32(1)])
        let path = try Synthetic.temporaryDirectory().appendingPathComponent("hostile.lfseg").path
        try writer.write(to: path)
        #expect(throws: IndexFileError.malformed(path: path, reason: "inconsistent inverted lists")) {
            try LocalFeatureSegment(contentsOf: path)
        }
    }

    @Test("merged segments hold every reference in order, listed afresh")
    func mergedSegmentsHoldEveryReference() throws {
        let (references, query) = try Self.sample()
        let parts = [Array(references.prefix(3)), Array(references.dropFirst(3))]
        var first = 0
        let segments = parts.map { part in
            defer { first += part.count }
            return LocalFeatureSegment(extractor: "x", featuresPerReference: 400, listing: Self.groupedListing,
                                       references: part.enumerated().map { (Int64(first + $0), $1) })
        }
        let merged = LocalFeatureSegment(merging: segments, listing: Self.groupedListing)
        var index = LocalFeatureIndex(listing: Self.groupedListing)
        index.append(merged, positions: Array(references.indices))
        var added = LocalFeatureIndex(listing: Self.groupedListing)
        for features in references { added.add(features) }

        #expect(merged.keys == (0 ..< Int64(references.count)).map { $0 })
        #expect(index.runCount == 1)
        #expect(index.search(query, limit: 3) == added.search(query, limit: 3))
    }
}
