import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("Local feature index")
struct LocalFeatureIndexTests {
    static func index() throws -> (LocalFeatureIndex, [Raster]) {
        var index = LocalFeatureIndex()
        let rasters = try Fixtures.sampleReferences.map { try RasterTransforms.sample($0) }
        for raster in rasters { index.add(LocalFeatureExtractor().extract(raster)) }
        return (index, rasters)
    }

    @Test("references are numbered in the order they were added")
    func positionsFollowAdds() throws {
        var index = LocalFeatureIndex()
        let features = LocalFeatureExtractor().extract(try RasterTransforms.sample("nasa-00.jpg"))
        #expect(index.add(features) == 0)
        #expect(index.add(features) == 1)
        #expect(index.count == 2)
    }

    @Test("the source of a crop ranks first", arguments: [0, 4])
    func cropSourceRanksFirst(_ source: Int) throws {
        // Given six references and a crop of a third of one of them, enlarged
        let (index, rasters) = try Self.index()
        let original = rasters[source]
        let crop = RasterTransforms.cropped(original, x: original.width / 4, y: original.height / 4,
                                            width: original.width / 2, height: original.height * 2 / 3)
        let query = RasterTransforms.resized(crop, width: crop.width * 3 / 2, height: crop.height * 3 / 2)
        // When searched
        let ranked = index.search(LocalFeatureExtractor().extract(query), limit: 3)
        // Then the source comes first, well ahead of the runner-up
        #expect(ranked.first?.position == source)
        #expect((ranked.first?.votes ?? 0) >= 2 * (ranked.dropFirst().first?.votes ?? 0))
    }

    @Test("the source of a mirrored copy ranks first when mirrors are searched")
    func mirroredSourceRanksFirst() throws {
        let (index, rasters) = try Self.index()
        let query = LocalFeatureExtractor().extract(RasterTransforms.mirrored(rasters[2]))
        #expect(index.search(query, limit: 3).first?.position == 2)
    }

    @Test("only the query's first (strongest) keypoints vote mirrored")
    func onlyTheFirstKeypointsVoteMirrored() throws {
        // Given an unrelated picture's keypoints followed by those of a flipped reference
        let (index, rasters) = try Self.index()
        let unrelated = LocalFeatureExtractor().extract(try RasterTransforms.sample("birds-12.png"))
        let flipped = LocalFeatureExtractor().extract(RasterTransforms.mirrored(rasters[2]))
        var query = unrelated
        query.keypoints += flipped.keypoints
        query.descriptors += flipped.descriptors
        let votes = { (ranked: [LocalFeatureIndex.Candidate]) in ranked.first { $0.position == 2 }?.votes ?? 0 }
        let direct = votes(index.search(query, limit: 3, includeMirrored: false))
        // When only the unrelated picture's keypoints vote mirrored, the reference keeps the
        // few votes its flipped keypoints win directly (it is partly symmetric)
        #expect(votes(index.search(query, limit: 3, mirroredKeypoints: unrelated.count)) == direct)
        // Then when the flipped keypoints vote mirrored too, they win it several times as many
        let all = index.search(query, limit: 3, mirroredKeypoints: query.count)
        #expect(all.first?.position == 2)
        #expect(votes(all) >= 4 * direct)
    }

    @Test("a copy that already wins decisive direct votes is not searched mirrored: the result is the direct search's")
    func decisiveCopySkipsMirrors() throws {
        let (index, rasters) = try Self.index()
        let query = LocalFeatureExtractor().extract(RasterTransforms.resized(rasters[1], width: rasters[1].width * 3 / 4,
                                                                             height: rasters[1].height * 3 / 4))
        let direct = index.search(query, limit: 6, includeMirrored: false)
        #expect(direct.first?.position == 1)
        #expect((direct.first?.votes ?? 0) >= 24)
        #expect(index.search(query, limit: 6) == direct)
    }

    @Test("a query extended with more keypoints finds, reusing the memo of its first search, what a fresh search finds")
    func memoGivesTheFreshResult() throws {
        // Given an unrelated picture searched once (direct and mirrored, since nothing wins decisively)
        let (index, rasters) = try Self.index()
        let whole = LocalFeatureExtractor().extract(try RasterTransforms.sample("birds-12.png"))
        var memo = LocalFeatureIndex.Memo()
        let first = index.search(whole, limit: 6, memo: &memo)
        #expect(first.allSatisfy { $0.votes < 24 })

        // When a part of one reference is described and appended, as a pasted part would be
        let part = RasterTransforms.cropped(rasters[3], x: 0, y: 0, width: rasters[3].width / 2, height: rasters[3].height / 2)
        var extended = whole
        let described = LocalFeatureExtractor().extract(part)
        extended.keypoints += described.keypoints
        extended.descriptors += described.descriptors

        // Then the search with the memo is the fresh search, and finds the part's source
        let again = index.search(extended, limit: 6, memo: &memo)
        #expect(again == index.search(extended, limit: 6))
        #expect(again.first?.position == 3)
    }

    @Test("an empty index or a query without keypoints finds nothing")
    func emptyFindsNothing() throws {
        let features = LocalFeatureExtractor().extract(try RasterTransforms.sample("nasa-00.jpg"))
        #expect(LocalFeatureIndex().search(features, limit: 5).isEmpty)
        let (index, _) = try Self.index()
        let empty = LocalFeatures(width: 10, height: 10, keypoints: [], descriptors: [])
        #expect(index.search(empty, limit: 5).isEmpty)
    }
}
