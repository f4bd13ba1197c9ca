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
        ("webp/alpha-lossy.webp", 0x48e7_bb6e_6f3c_dbeb),
    ])
    func pixelsMatchPillow(fixture: String, pillowChecksum: UInt64) throws {
        let image = try decodeFixture(fixture, pillowOptions)
        #expect(image.format == .webp)
        #expect(image.raster.width == 64 && image.raster.height == 48)
        #expect(fnv1a64(image.raster.bytes) == pillowChecksum)
    }

    @Test func transparentPixelsCompositeOntoWhite() throws {
        // Alpha is 0 on rows 0-15, 128 on rows 16-31 and 255 on rows 32-47 (lossless, exact RGB kept).
        let composited = try decodeFixture("webp/alpha-lossless.webp")
        let dropped = try decodeFixture("webp/alpha-lossless.webp", pillowOptions)
        #expect(composited.hadAlpha)
        #expect(composited.raster.pixel(x: 10, y: 0) == (255, 255, 255))
        #expect(composited.raster.pixel(x: 10, y: 40) == dropped.raster.pixel(x: 10, y: 40))
        let stored = dropped.raster.pixel(x: 10, y: 20)
        let expected: [UInt8] = [stored.r, stored.g, stored.b].map { value in
            let sum: Int = 128 * Int(value) + 127 * 255 + 127
            return UInt8(sum / 255)
        }
        let half = composited.raster.pixel(x: 10, y: 20)
        #expect([half.r, half.g, half.b] == expected)
    }

    @Test func minimumShortSideLeavesWebPAtFullResolution() throws {
        let image = try decodeFixture("webp/lossy.webp", DecodeOptions(minimumShortSide: 12))
        #expect(image.scaleDenominator == 1)
        #expect(image.raster.width == 64 && image.raster.height == 48)
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
