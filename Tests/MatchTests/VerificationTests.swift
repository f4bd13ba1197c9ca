import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

@Suite("Geometric verification")
struct VerificationTests {
    static let extractor = LocalFeatureExtractor()
    static let verifier = GeometricVerifier()

    static func features(_ raster: Raster) -> LocalFeatures { extractor.extract(raster) }

    @Test("a crop enlarged 1.5× verifies, mapping the query onto the cropped region")
    func cropVerifiesWithScaleAndOffset() throws {
        // Given a 300×200 crop at (250, 100) of a 720×360 photo, enlarged to 450×300
        let reference = try RasterTransforms.sample("nasa-00.jpg")
        let crop = RasterTransforms.cropped(reference, x: 250, y: 100, width: 300, height: 200)
        let query = RasterTransforms.resized(crop, width: 450, height: 300)
        // When verified
        let match = try #require(Self.verifier.verify(query: Self.features(query), reference: Self.features(reference)))
        // Then many keypoints agree, the scale is 1/1.5 and the query's centre lands on the crop's centre
        #expect(match.inliers >= 20)
        #expect(!match.mirrored)
        #expect(abs(match.scale - 1 / 1.5) < 0.02)
        let centre = match.referencePoint(x: 224.5, y: 149.5)
        #expect(abs(centre.x - 399.5) < 2 && abs(centre.y - 199.5) < 2)
        #expect(match.referenceInlierBounds.minX >= 245 && match.referenceInlierBounds.maxX <= 555)
    }

    @Test("a copy rotated by 15° verifies with a 15° rotation")
    func rotationIsRecovered() throws {
        let reference = try RasterTransforms.sample("nasa-00.jpg")
        let query = RasterTransforms.rotated(reference, degrees: 15)
        let match = try #require(Self.verifier.verify(query: Self.features(query), reference: Self.features(reference)))
        #expect(match.inliers >= 40)
        // The query was turned +15°, so the map back to the reference turns −15°
        #expect(abs(match.rotationDegrees + 15) < 1)
        #expect(abs(match.scale - 1) < 0.02)
    }

    @Test("a horizontally flipped copy verifies as a mirror image")
    func mirrorVerifies() throws {
        let reference = try RasterTransforms.sample("nasa-00.jpg")
        let query = RasterTransforms.mirrored(reference)
        let match = try #require(Self.verifier.verify(query: Self.features(query), reference: Self.features(reference)))
        #expect(match.mirrored)
        #expect(match.inliers >= 40)
        // Then the query's (100, 50) is the reference's (619, 50)
        let point = match.referencePoint(x: 100, y: 50)
        #expect(abs(point.x - 619) < 2 && abs(point.y - 50) < 2)
    }

    @Test("a perspective view verifies with a homography that maps it back")
    func perspectiveVerifiesAsHomography() throws {
        // Given the photo seen at a slant: the far (right) side shrinks by a quarter
        let reference = try RasterTransforms.sample("nasa-00.jpg")
        let sourceOf: [Double] = [1, 0, 0, -0.1, 1, 0, -0.0005, 0, 1]
        let query = RasterTransforms.warped(reference, width: 720, height: 360, sourceOf: sourceOf)
        // When verified
        let match = try #require(Self.verifier.verify(query: Self.features(query), reference: Self.features(reference)))
        // Then a homography fits, and it sends query points where the warp took them from
        #expect(match.model == .homography)
        #expect(match.inliers >= 30)
        for (x, y) in [(100.0, 100.0), (500.0, 250.0), (360.0, 180.0)] {
            let w = sourceOf[6] * x + sourceOf[7] * y + sourceOf[8]
            let expected = SIMD2(Float((sourceOf[0] * x + sourceOf[1] * y + sourceOf[2]) / w),
                                 Float((sourceOf[3] * x + sourceOf[4] * y + sourceOf[5]) / w))
            let found = match.referencePoint(x: Float(x), y: Float(y))
            #expect(abs(found.x - expected.x) < 4 && abs(found.y - expected.y) < 4, "at (\(x), \(y))")
        }
    }

    @Test("a reduced copy pasted into another photo verifies, and the inliers lie in the pasted region")
    func pastedPartVerifies() throws {
        // Given the photo at 0.5 scale pasted at (300, 150) into another photo
        let reference = try RasterTransforms.sample("nasa-00.jpg")
        let patch = RasterTransforms.resized(reference, width: 360, height: 180)
        let query = RasterTransforms.pasted(patch, into: try RasterTransforms.sample("nasa-04.jpg"), x: 300, y: 150)
        // When verified
        let match = try #require(Self.verifier.verify(query: Self.features(query), reference: Self.features(reference)))
        // Then the scale is 2 and the query inliers are inside the pasted box
        #expect(match.inliers >= 15)
        #expect(abs(match.scale - 2) < 0.1)
        let box = match.queryInlierBounds
        #expect(box.minX >= 295 && box.minY >= 145 && box.maxX <= 665 && box.maxY <= 335)
    }

    @Test("unrelated images do not verify", arguments: [
        ("nasa-00.jpg", "nasa-04.jpg"), ("nasa-00.jpg", "art4apps-22.jpg"), ("fantasy-21.png", "toys-15.png"),
    ])
    func unrelatedDoNotVerify(_ pair: (String, String)) throws {
        let a = Self.features(try RasterTransforms.sample(pair.0)), b = Self.features(try RasterTransforms.sample(pair.1))
        #expect(Self.verifier.verify(query: a, reference: b) == nil)
    }

    @Test("features without keypoints never verify")
    func emptyFeaturesDoNotVerify() throws {
        let empty = LocalFeatures(width: 100, height: 100, keypoints: [], descriptors: [])
        let photo = Self.features(try RasterTransforms.sample("nasa-00.jpg"))
        #expect(Self.verifier.verify(query: empty, reference: photo) == nil)
        #expect(Self.verifier.verify(query: photo, reference: empty) == nil)
    }

    @Test("a reference with only two keypoints is matched without reading past them")
    func twoKeypointReferenceIsSafe() throws {
        let photo = Self.features(try RasterTransforms.sample("nasa-00.jpg"))
        let two = LocalFeatures(width: photo.width, height: photo.height, keypoints: Array(photo.keypoints.prefix(2)),
                                descriptors: Array(photo.descriptors.prefix(2 * LocalFeatures.descriptorLength)))
        #expect(Self.verifier.verify(query: photo, reference: two) == nil)
    }
}
