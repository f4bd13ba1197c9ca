import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport
import Testing

@Suite("EXIF orientation")
struct OrientationTests {
    /// Corners (top-left, top-right, bottom-left, bottom-right) after Pillow's
    /// `ImageOps.exif_transpose` of `jpeg/orientation-N.jpg`, whose stored pixels are red, green,
    /// blue and white quadrants in that order, 32 × 24.
    @Test(arguments: [
        (1, 32, 24, [Quadrant.red, .green, .blue, .white]),
        (2, 32, 24, [.green, .red, .white, .blue]),
        (3, 32, 24, [.white, .blue, .green, .red]),
        (4, 32, 24, [.blue, .white, .red, .green]),
        (5, 24, 32, [.red, .blue, .green, .white]),
        (6, 24, 32, [.blue, .red, .white, .green]),
        (7, 24, 32, [.white, .green, .blue, .red]),
        (8, 24, 32, [.green, .white, .red, .blue]),
    ])
    func jpegOrientationTurnsImageUpright(orientation: Int, width: Int, height: Int, corners: [Quadrant]) throws {
        let image = try decodeFixture("jpeg/orientation-\(orientation).jpg")
        #expect(image.orientation == orientation)
        #expect(image.width == width && image.height == height)
        #expect(image.raster.width == width && image.raster.height == height)
        #expect(image.raster.corners == corners)
    }

    /// JPEG rows are placed upright strip by strip as they are decoded; the result must equal
    /// decoding as stored and transforming the whole raster afterwards.
    @Test(arguments: ["jpeg/orientation-5.jpg", "jpeg/orientation-6.jpg", "jpeg/orientation-7.jpg",
                      "jpeg/orientation-3.jpg", "jpeg/cmyk-orientation-6.jpg"])
    func uprightDecodeEqualsTransformAfterDecode(fixture: String) throws {
        let upright = try decodeFixture(fixture)
        let stored = try decodeFixture(fixture, DecodeOptions(applyOrientation: false))
        let transformed = stored.raster.transformed(by: ExifOrientation.dihedral(forOrientation: upright.orientation))
        let same = upright.raster == transformed
        #expect(same)
        #expect(upright.orientation != 1)
    }

    @Test func orientationIsReportedButNotAppliedWhenDisabled() throws {
        let image = try decodeFixture("jpeg/orientation-6.jpg", DecodeOptions(applyOrientation: false))
        #expect(image.orientation == 6)
        #expect(image.width == 32 && image.height == 24)
        #expect(image.raster.corners == [.red, .green, .blue, .white])
    }

    @Test func pngExifChunkIsApplied() throws {
        let image = try decodeFixture("png/exif-orientation-6.png")
        #expect(image.orientation == 6)
        #expect(image.raster.corners == [.blue, .red, .white, .green])
    }

    @Test func webpExifChunkIsApplied() throws {
        let image = try decodeFixture("webp/exif-orientation-8.webp")
        #expect(image.orientation == 8)
        #expect(image.raster.corners == [.green, .white, .red, .blue])
    }

    @Test func scaledDecodeReportsFullOrientedDimensions() throws {
        let image = try decodeFixture("jpeg/orientation-6.jpg", DecodeOptions(minimumShortSide: 3))
        #expect(image.scaleDenominator == 8)
        #expect(image.width == 24 && image.height == 32)
        #expect(image.raster.width == 3 && image.raster.height == 4)
    }

    @Test func headerDimensionsFollowOrientation() throws {
        let bytes = try Fixtures.bytes("decode/jpeg/orientation-8.jpg")
        let upright = try ImageDecoder().readHeader(bytes)
        let stored = try ImageDecoder(options: DecodeOptions(applyOrientation: false)).readHeader(bytes)
        #expect(upright.format == .jpeg && upright.width == 24 && upright.height == 32)
        #expect(stored.width == 32 && stored.height == 24)
    }

    @Test(arguments: 1 ... 8)
    func orientationMapsToTransformPillowUses(orientation: Int) {
        let expected: [Dihedral] = [.original, .flipX, .rotate180, .flipY, .flipPlus1, .rotate270, .flipMinus1, .rotate90]
        #expect(ExifOrientation.dihedral(forOrientation: orientation) == expected[orientation - 1])
    }
}
