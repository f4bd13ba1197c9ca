import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport
import Testing

@Suite("WebP decoding")
struct WebPDecodingTests {
    /// FNV-1a 64 of Pillow 13.0.0's `Image.open(f).convert("RGB").tobytes()` (alpha dropped),
    /// printed by `Tests/Fixtures/decode/tools/make_fixtures.py`.
    @Test(arguments: [
        ("webp/lossy.webp", 0x3665_b546_24e6_7cd0 as UInt64),
        ("webp/lossless.webp", 0x68b6_24ac_3b79_d2b1),
        ("webp/alpha-lossless.webp", 0x68b6_24ac_3b79_d2b1),
        ("webp/alpha-lossy.webp", 0xb7cc_eba9_15e3_0a9a),
    ])
    func pixelsMatchPillow(fixture: String, pillowChecksum: UInt64) throws {
        let image = try decodeFixture(fixture, pillowOptions)
        #expect(image.format == .webp)
        #expect(image.raster.width == 64 && image.raster.height == 48)
        #expect(fnv1a64(image.raster.bytes) == pillowChecksum)
    }

    @Test func transparentPixelsCompositeOntoWhite() throws {
        // The alpha is a vertical gradient from 0 at the top to 255 at the bottom.
        let composited = try decodeFixture("webp/alpha-lossless.webp")
        let dropped = try decodeFixture("webp/alpha-lossless.webp", pillowOptions)
        #expect(composited.hadAlpha)
        #expect(composited.raster.pixel(x: 10, y: 0) == (255, 255, 255))
        #expect(composited.raster.pixel(x: 10, y: 47) == dropped.raster.pixel(x: 10, y: 47))
    }

    @Test func scaledDecodingUsesCeilingDimensions() throws {
        let image = try decodeFixture("webp/lossy.webp", DecodeOptions(minimumShortSide: 12))
        #expect(image.scaleDenominator == 4)
        #expect(image.raster.width == 16 && image.raster.height == 12)
        #expect(image.width == 64 && image.height == 48)
    }

    @Test func animationDecodesFirstFrame() throws {
        let image = try decodeFixture("webp/animated.webp")
        #expect(image.raster.width == 24 && image.raster.height == 16)
        #expect(image.raster.pixel(x: 5, y: 5) == (200, 30, 30))
        #expect(!image.warnings.isEmpty)
    }

    @Test func truncatedWebPFailsAsTruncated() throws {
        let error = #expect(throws: DecodeError.self) { try decodeFixture("webp/truncated.webp") }
        #expect(error?.kind == "truncated")
    }
}
