import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("Local-feature votes weighed against a code panel")
struct PanelVoteTests {
    /// Sample pictures that are none of the references: the panel's "ordinary" codes.
    static let panelImages = ["nasa-01.jpg", "nasa-02.jpg", "nasa-03.jpg", "art4apps-23.jpg", "birds-12.png", "flowers-20.png",
                              "horses-14.png", "alcohol-17.png"]

    static func features(_ name: String) throws -> LocalFeatures {
        LocalFeatureExtractor().extract(try RasterTransforms.sample(name))
    }

    static func panel(adding extra: [LocalFeatures] = []) throws -> LocalFeatureIndex {
        var panel = LocalFeatureIndex()
        for name in panelImages { panel.add(try features(name)) }
        for features in extra { panel.add(features) }
        return panel
    }

    static func crop(of raster: Raster) -> LocalFeatures {
        let crop = RasterTransforms.cropped(raster, x: raster.width / 4, y: raster.height / 4, width: raster.width / 2,
                                            height: raster.height * 2 / 3)
        return LocalFeatureExtractor().extract(RasterTransforms.resized(crop, width: crop.width * 3 / 2, height: crop.height * 3 / 2))
    }

    static func search(_ index: LocalFeatureIndex, _ query: LocalFeatures, panel: LocalFeatureIndex,
                       settings: LocalFeatureSearch = LocalFeatureSearch()) -> [LocalFeatureIndex.Candidate] {
        var memo = LocalFeatureIndex.Memo()
        return index.search(query, limit: 10, settings: settings, panel: panel, memo: &memo)
    }

    @Test("a keypoint reaches codes nearer than the ratio times its nearest panel code, and never beyond the largest distance")
    func reachFollowsThePanel() {
        #expect(LocalFeatureIndex.reach(panelDistance: 129, ratio: 0.85, maxDistance: 32) == 32)
        #expect(LocalFeatureIndex.reach(panelDistance: 38, ratio: 0.85, maxDistance: 32) == 32)
        #expect(LocalFeatureIndex.reach(panelDistance: 20, ratio: 0.85, maxDistance: 32) == 16)
        #expect(LocalFeatureIndex.reach(panelDistance: 0, ratio: 0.85, maxDistance: 32) == -1)
    }

    @Test("the source of a crop ranks first, well ahead of the runner-up")
    func cropSourceRanksFirst() throws {
        let (index, rasters) = try LocalFeatureIndexTests.index()
        let ranked = Self.search(index, Self.crop(of: rasters[4]), panel: try Self.panel())
        #expect(ranked.first?.position == 4)
        #expect((ranked.first?.votes ?? 0) >= 2 * (ranked.dropFirst().first?.votes ?? 0))
    }

    @Test("a reference's votes are the same alone, beside other references, and beside a copy of itself")
    func votesDoNotDependOnTheOtherReferences() throws {
        // Given one reference alone, and the same reference among the others with a second copy of it
        let (whole, rasters) = try LocalFeatureIndexTests.index()
        let reference = LocalFeatureExtractor().extract(rasters[4])
        var alone = LocalFeatureIndex()
        alone.add(reference)
        var crowded = whole
        crowded.add(reference)
        let panel = try Self.panel()
        let query = Self.crop(of: rasters[4])

        // When a crop of it is searched in each
        let single = Self.search(alone, query, panel: panel).first { $0.position == 0 }
        let among = Self.search(whole, query, panel: panel).first { $0.position == 4 }
        let twice = Self.search(crowded, query, panel: panel).filter { $0.position == 4 || $0.position == 6 }

        // Then it receives the same votes each time, and so does its copy
        let votes = try #require(single)
        #expect(votes.votes >= 10)
        #expect(among.map { ($0.votes, $0.matches) } ?? (0, 0) == (votes.votes, votes.matches))
        #expect(twice.count == 2)
        #expect(twice.allSatisfy { ($0.votes, $0.matches) == (votes.votes, votes.matches) })
    }

    @Test("against the other references, a second copy of the source takes votes away from it")
    func theCorpusRatioTestDependsOnTheOtherReferences() throws {
        let (whole, rasters) = try LocalFeatureIndexTests.index()
        var crowded = whole
        crowded.add(LocalFeatureExtractor().extract(rasters[4]))
        let query = Self.crop(of: rasters[4])
        let alone = whole.search(query, limit: 10).first { $0.position == 4 }?.votes ?? 0
        let beside = crowded.search(query, limit: 10).first { $0.position == 4 }?.votes ?? 0
        #expect(alone >= 10)
        #expect(beside < alone / 2)
    }

    @Test("a query copying a panel image still votes for the reference it copies: that panel image is left out")
    func copiedPanelImageIsLeftOut() throws {
        // Given a panel that holds the reference the query copies
        let (index, rasters) = try LocalFeatureIndexTests.index()
        let reference = LocalFeatureExtractor().extract(rasters[2])
        let query = LocalFeatureExtractor().extract(RasterTransforms.resized(rasters[2], width: rasters[2].width * 3 / 4,
                                                                             height: rasters[2].height * 3 / 4))
        let clean = Self.search(index, query, panel: try Self.panel()).first { $0.position == 2 }?.votes ?? 0
        let holding = try Self.panel(adding: [reference])

        // When the copied panel image is left out (by default), and when it is not
        let leftOut = Self.search(index, query, panel: holding).first { $0.position == 2 }?.votes ?? 0
        var keeping = LocalFeatureSearch()
        keeping.copiedPanelVotes = .infinity
        let kept = Self.search(index, query, panel: holding, settings: keeping).first { $0.position == 2 }?.votes ?? 0

        // Then left out, the reference keeps the votes it wins against a panel without it;
        // kept in, the panel makes the copy's codes look ordinary
        #expect(clean >= 24)
        #expect(leftOut == clean)
        #expect(kept < clean / 4)
    }

    @Test("a query extended with more keypoints finds, reusing the memo of its first search, what a fresh search finds")
    func memoGivesTheFreshResult() throws {
        let (index, rasters) = try LocalFeatureIndexTests.index()
        let panel = try Self.panel()
        let whole = try Self.features("religion-13.png")
        var memo = LocalFeatureIndex.Memo()
        _ = index.search(whole, limit: 6, settings: LocalFeatureSearch(), panel: panel, memo: &memo)
        var extended = whole
        let part = LocalFeatureExtractor().extract(RasterTransforms.cropped(rasters[3], x: 0, y: 0, width: rasters[3].width / 2,
                                                                            height: rasters[3].height / 2))
        extended.keypoints += part.keypoints
        extended.descriptors += part.descriptors
        let again = index.search(extended, limit: 6, settings: LocalFeatureSearch(), panel: panel, memo: &memo)
        #expect(again == Self.search(index, extended, panel: panel).prefix(6).map { $0 })
        #expect(again.first?.position == 3)
    }
}
