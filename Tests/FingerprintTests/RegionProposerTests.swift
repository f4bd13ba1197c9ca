import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

@Suite("Pasted-region proposals")
struct RegionProposerTests {
    static let proposer = RegionProposer()

    @Test("a photo pasted into another photo is proposed with its box")
    func pastedPhotoIsProposed() throws {
        // Given a 240×120 reduction of one photo pasted at (300, 150) into another (720×360)
        let patch = RasterTransforms.resized(try RasterTransforms.sample("nasa-00.jpg"), width: 240, height: 120)
        let query = RasterTransforms.pasted(patch, into: try RasterTransforms.sample("nasa-04.jpg"), x: 300, y: 150)
        // When regions are proposed
        let regions = Self.proposer.propose(in: query)
        // Then one of them is the pasted box, to within a few pixels
        let pasted = PixelRect(x: 300, y: 150, width: 240, height: 120)
        #expect(regions.contains { $0.overlap(pasted) > 0.8 }, "proposed \(regions)")
    }

    @Test("a photo with nothing pasted in gets no box covering most of it")
    func untouchedPhotoHasNoLargeProposal() throws {
        let photo = try RasterTransforms.sample("nasa-04.jpg")
        let regions = Self.proposer.propose(in: photo)
        #expect(regions.count <= Self.proposer.maxRegions)
        #expect(regions.allSatisfy { Double($0.area) <= 0.8 * Double(photo.pixelCount) })
    }

    @Test("a pasted region described on its own gets keypoints of its own, all inside it, in the image's pixels")
    func regionFeaturesLieInTheRegion() throws {
        let patch = RasterTransforms.resized(try RasterTransforms.sample("nasa-00.jpg"), width: 120, height: 60)
        let query = RasterTransforms.pasted(patch, into: try RasterTransforms.sample("nasa-04.jpg"), x: 500, y: 250)
        let box = PixelRect(x: 500, y: 250, width: 120, height: 60)
        let described = LocalFeatureExtractor().describe(regions: [box], of: query)
        #expect(described.width == query.width && described.height == query.height)
        #expect(described.keypoints.count >= 50)
        #expect(described.keypoints.allSatisfy { $0.x >= 499 && $0.x <= 620 && $0.y >= 249 && $0.y <= 310 })
    }

    @Test("cropping keeps exactly the pixels inside the rectangle")
    func croppingKeepsThePixels() throws {
        let photo = try RasterTransforms.sample("nasa-00.jpg")
        let crop = photo.cropped(to: PixelRect(x: 10, y: 20, width: 30, height: 40))
        #expect(crop.width == 30 && crop.height == 40)
        #expect(crop.pixel(x: 0, y: 0) == photo.pixel(x: 10, y: 20))
        #expect(crop.pixel(x: 29, y: 39) == photo.pixel(x: 39, y: 59))
    }
}
