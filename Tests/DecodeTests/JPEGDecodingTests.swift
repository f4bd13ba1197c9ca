import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport
import Testing

@Suite("JPEG decoding")
struct JPEGDecodingTests {
    /// FNV-1a 64 of Pillow 13.0.0's `Image.open(f).convert("RGB").tobytes()`, printed by
    /// `Tests/Fixtures/decode/tools/make_fixtures.py`.
    @Test(arguments: [
        ("jpeg/baseline.jpg", 0x8597_e8fc_05b9_f968 as UInt64),
        ("jpeg/progressive.jpg", 0x8597_e8fc_05b9_f968),
        ("jpeg/grayscale.jpg", 0xbc7f_c6a1_b878_015a),
        ("jpeg/cmyk-adobe.jpg", 0xc010_ecea_d903_abb6),
        ("jpeg/ycck.jpg", 0xbe7d_bd89_7204_9e5e),
    ])
    func pixelsMatchPillow(fixture: String, pillowChecksum: UInt64) throws {
        let image = try decodeFixture(fixture, pillowOptions)
        #expect(image.format == .jpeg)
        #expect(image.raster.width == 64 && image.raster.height == 48)
        #expect(fnv1a64(image.raster.bytes) == pillowChecksum)
        #expect(image.warnings.isEmpty)
    }

    /// FNV-1a 64 of Pillow's pixels after `im.draft("RGB", (203 // d, 151 // d))`, which makes
    /// libjpeg scale by 1/d in the DCT domain (printed by make_fixtures.py).
    @Test(arguments: [
        (1, 203, 151, 0x93ec_d74d_fc06_eef0 as UInt64),
        (2, 102, 76, 0xcde8_5cdc_a1ef_182b),
        (4, 51, 38, 0x29cd_c5ec_0bc1_f6e9),
        (8, 26, 19, 0x16f1_4716_7694_a7c7),
    ])
    func scaledPixelsMatchPillowDraft(denominator: Int, width: Int, height: Int, pillowChecksum: UInt64) throws {
        // 151 / d rounded up is exactly the smallest short side that still selects 1/d.
        let minimum = denominator == 1 ? nil : (151 + denominator - 1) / denominator
        var options = pillowOptions
        options.minimumShortSide = minimum
        let image = try decodeFixture("jpeg/scaling-203x151.jpg", options)
        #expect(image.scaleDenominator == denominator)
        #expect(image.raster.width == width && image.raster.height == height)
        #expect(fnv1a64(image.raster.bytes) == pillowChecksum)
    }

    @Test(arguments: [
        (nil, 1), (19, 8), (20, 4), (38, 4), (39, 2), (76, 2), (77, 1), (5000, 1),
    ] as [(Int?, Int)])
    func scaledDecodingPicksSmallestScaleKeepingShortSide(minimumShortSide: Int?, denominator: Int) throws {
        let image = try decodeFixture("jpeg/scaling-203x151.jpg", DecodeOptions(minimumShortSide: minimumShortSide))
        #expect(image.scaleDenominator == denominator)
        #expect(image.raster.width == (203 + denominator - 1) / denominator)
        #expect(image.raster.height == (151 + denominator - 1) / denominator)
        #expect(image.width == 203 && image.height == 151)
    }

    @Test func truncatedJPEGDecodesPartiallyWithWarning() throws {
        let image = try decodeFixture("jpeg/truncated.jpg")
        #expect(image.raster.width == 64 && image.raster.height == 48)
        #expect(image.warnings.contains("Premature end of JPEG file"))
    }

    @Test func twelveBitJPEGIsUnsupported() throws {
        let error = #expect(throws: DecodeError.self) { try decodeFixture("jpeg/precision-12.jpg") }
        #expect(error?.kind == "unsupported")
    }

    @Test func cmykJPEGHasNoAlpha() throws {
        let image = try decodeFixture("jpeg/cmyk-adobe.jpg")
        #expect(!image.hadAlpha)
        #expect(image.orientation == 1)
    }
}
