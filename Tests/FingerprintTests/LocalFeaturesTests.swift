import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

@Suite("Local features")
struct LocalFeaturesTests {
    static let photo = "nasa-00.jpg"

    @Test("a detailed photo gets many keypoints, all inside the raster, in its pixel units")
    func keypointsInsideTheRaster() throws {
        // Given a 720×360 photo
        let raster = try RasterTransforms.sample(Self.photo)
        // When features are extracted at the default working size
        let features = LocalFeatureExtractor().extract(raster)
        // Then there are many, capped at 400, and all positions are raster pixels
        #expect(features.count >= 150 && features.count <= 400)
        #expect(features.width == 720 && features.height == 360)
        #expect(features.descriptors.count == features.count * 128)
        for point in features.keypoints {
            #expect(point.x >= 0 && point.x < 720 && point.y >= 0 && point.y < 360)
            #expect(point.scale > 0 && point.angle >= 0 && point.angle < 2 * .pi)
        }
    }

    @Test("the keypoint limit is respected")
    func maxFeaturesCaps() throws {
        let raster = try RasterTransforms.sample(Self.photo)
        #expect(LocalFeatureExtractor(maxFeatures: 50).extract(raster).count == 50)
    }

    @Test("a blank raster has no keypoints")
    func blankHasNone() {
        let features = LocalFeatureExtractor().extract(Raster(width: 300, height: 200, filledWith: (128, 128, 128)))
        #expect(features.count == 0)
    }

    @Test("a raster too small to analyse gives empty features, not a crash")
    func tinyRaster() {
        #expect(LocalFeatureExtractor().extract(Raster(width: 3, height: 2, filledWith: (0, 0, 0))).count == 0)
    }

    @Test("extraction is deterministic")
    func deterministic() throws {
        let raster = try RasterTransforms.sample(Self.photo)
        #expect(LocalFeatureExtractor().extract(raster) == LocalFeatureExtractor().extract(raster))
    }

    @Test("keypoints follow the image when it is scaled: positions are in each raster's own pixels")
    func positionsScaleWithTheRaster() throws {
        // Given a photo and the same photo at half size
        let raster = try RasterTransforms.sample(Self.photo)
        let half = RasterTransforms.resized(raster, width: 360, height: 180)
        let large = LocalFeatureExtractor().extract(raster), small = LocalFeatureExtractor().extract(half)
        // Then most keypoints of the small image sit (×2) on a keypoint of the large one
        var found = 0
        for p in small.keypoints {
            let x = (p.x + 0.5) * 2 - 0.5, y = (p.y + 0.5) * 2 - 0.5
            if large.keypoints.contains(where: { ($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y) < 4 }) { found += 1 }
        }
        #expect(Double(found) > 0.5 * Double(small.count))
    }

    @Test("a small region pasted into a large image still gets keypoints")
    func smallRegionGetsKeypoints() throws {
        // Given a detailed 160×80 patch pasted into the corner of another detailed photo
        let patch = RasterTransforms.resized(try RasterTransforms.sample(Self.photo), width: 160, height: 80)
        let composite = RasterTransforms.pasted(patch, into: try RasterTransforms.sample("nasa-04.jpg"), x: 540, y: 260)
        // When features are extracted
        let features = LocalFeatureExtractor().extract(composite)
        // Then the patch, 5% of the area, holds a fair share of them
        let inside = features.keypoints.filter { $0.x >= 540 && $0.y >= 260 }
        #expect(inside.count >= 10)
    }

    @Test("mirroring the features twice gives them back")
    func mirrorIsAnInvolution() throws {
        let features = LocalFeatureExtractor().extract(try RasterTransforms.sample(Self.photo))
        let twice = features.mirrored().mirrored()
        #expect(twice.descriptors == features.descriptors)
        for (a, b) in zip(twice.keypoints, features.keypoints) {
            #expect(abs(a.x - b.x) < 1e-3 && abs(a.y - b.y) < 1e-3 && abs(a.angle - b.angle) < 1e-4)
        }
    }

    @Test("the mirror of an image's features resembles the features of its mirror image")
    func mirrorMatchesTheMirroredImage() throws {
        // Given a photo and its left–right mirror
        let raster = try RasterTransforms.sample(Self.photo)
        let predicted = LocalFeatureExtractor().extract(raster).mirrored()
        let actual = LocalFeatureExtractor().extract(RasterTransforms.mirrored(raster))
        // Then most predicted keypoints have an actual one at the same place, with a close descriptor
        var agreeing = 0
        for (i, p) in predicted.keypoints.enumerated() {
            guard let j = actual.keypoints.firstIndex(where: {
                abs($0.x - p.x) < 1 && abs($0.y - p.y) < 1 && abs($0.angle - p.angle) < 0.1
            }) else { continue }
            var distance = 0, norm = 0
            for k in 0 ..< 128 {
                let a = Int(predicted.descriptors[i * 128 + k]), b = Int(actual.descriptors[j * 128 + k])
                distance += (a - b) * (a - b)
                norm += a * a
            }
            if distance * 16 < norm { agreeing += 1 }
        }
        #expect(Double(agreeing) > 0.6 * Double(predicted.count))
    }

    @Test("serialization round-trips exactly")
    func serializationRoundTrips() throws {
        let features = LocalFeatureExtractor().extract(try RasterTransforms.sample(Self.photo))
        #expect(LocalFeatures(serialized: features.serialized()) == features)
    }

    @Test("truncated serializations are rejected", arguments: [0, 3, 15, 16 + 19, -1, -128])
    func truncatedIsRejected(_ cut: Int) throws {
        let bytes = LocalFeatureExtractor(maxFeatures: 20).extract(try RasterTransforms.sample(Self.photo)).serialized()
        let length = cut >= 0 ? cut : bytes.count + cut
        #expect(LocalFeatures(serialized: Array(bytes.prefix(length))) == nil)
    }

    @Test("trailing bytes, another version and garbage are rejected")
    func malformedIsRejected() throws {
        let bytes = LocalFeatureExtractor(maxFeatures: 20).extract(try RasterTransforms.sample(Self.photo)).serialized()
        var otherVersion = bytes
        otherVersion[3] = 2
        var hugeCount = bytes
        hugeCount[15] = 0xFF
        var notFinite = bytes
        notFinite.replaceSubrange(16 ..< 20, with: Float.nan.bitPattern.littleEndianBytes)
        #expect(LocalFeatures(serialized: bytes + [0]) == nil)
        #expect(LocalFeatures(serialized: otherVersion) == nil)
        #expect(LocalFeatures(serialized: hugeCount) == nil)
        #expect(LocalFeatures(serialized: notFinite) == nil)
        #expect(LocalFeatures(serialized: Array(repeating: 0xA5, count: 4096)) == nil)
    }
}

extension UInt32 {
    /// The four bytes, least significant first.
    fileprivate var littleEndianBytes: [UInt8] {
        (0 ..< 4).map { UInt8(truncatingIfNeeded: self >> (8 * $0)) }
    }
}
