import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport
import Testing

@Suite("PNG decoding")
struct PNGDecodingTests {
    /// FNV-1a 64 of Pillow 13.0.0's `Image.open(f).convert("RGB").tobytes()` (alpha dropped),
    /// printed by `Tests/Fixtures/decode/tools/make_fixtures.py`.
    @Test(arguments: [
        ("png/gray-1.png", 0x9f00_40e4_87c3_5e30 as UInt64),
        ("png/gray-2.png", 0xddb5_7e79_7f6f_2727),
        ("png/gray-4.png", 0xb656_04ec_d8af_a63e),
        ("png/gray-8.png", 0xc5eb_5374_f9af_4c28),
        ("png/gray-alpha-8.png", 0xa2d6_0cfd_20ad_ae1f),
        ("png/gray-alpha-16.png", 0x05ba_fc22_df1c_5a89),
        ("png/rgb-8.png", 0x60e9_e35f_93f5_fe14),
        ("png/rgba-8.png", 0x60e9_e35f_93f5_fe14),
        ("png/rgb-16.png", 0xf784_f69e_25bd_40d0),
        ("png/rgba-16.png", 0x441c_e937_e154_3218),
        ("png/palette-trns.png", 0xd9a6_7b1a_6955_7922),
        ("png/adam7-8.png", 0x1d84_f8ad_9e0d_cb81),
        ("png/adam7-16.png", 0xf784_f69e_25bd_40d0),
    ])
    func pixelsMatchPillow(fixture: String, pillowChecksum: UInt64) throws {
        let image = try decodeFixture(fixture, pillowOptions)
        #expect(image.format == .png)
        #expect(fnv1a64(image.raster.bytes) == pillowChecksum)
    }

    /// Pillow opens 16-bit gray as `I;16` and clips it to white when converting to RGB; we keep
    /// the high byte of each sample instead (checksum printed by make_fixtures.py).
    @Test func sixteenBitGrayKeepsHighByte() throws {
        let image = try decodeFixture("png/gray-16.png", pillowOptions)
        #expect(fnv1a64(image.raster.bytes) == 0x20cd_eaa4_3f0d_c1b2)
    }

    /// Debian's libpng 1.6.39 simplified API gets half the rows wrong here (libpng issue #853).
    @Test func sixteenBitAdam7MatchesNonInterlacedTwin() throws {
        let interlaced = try decodeFixture("png/adam7-16.png")
        let plain = try decodeFixture("png/rgb-16.png")
        let same = interlaced.raster == plain.raster
        #expect(same)
    }

    @Test func paletteWithTransparencyCompositesOntoWhite() throws {
        // Row 0 holds palette indices 0, 1, 2, 3, 4, 0, …; tRNS gives alpha 0, 128, 255 to the first three.
        let image = try decodeFixture("png/palette-trns.png")
        #expect(image.hadAlpha)
        #expect(image.raster.pixel(x: 0, y: 0) == (255, 255, 255))  // red at alpha 0
        #expect(image.raster.pixel(x: 1, y: 0) == (127, 255, 127))  // green at alpha 128/255
        #expect(image.raster.pixel(x: 2, y: 0) == (0, 0, 255))      // blue, opaque
        #expect(image.raster.pixel(x: 3, y: 0) == (255, 255, 0))    // no tRNS entry: opaque
    }

    @Test func alphaCompositesOntoWhiteWithRounding() throws {
        // rgba-8.png stores (19x, 23y, 7xy, 17x + 11y) mod 256 at (x, y).
        let image = try decodeFixture("png/rgba-8.png")
        #expect(image.hadAlpha)
        for (x, y) in [(0, 0), (1, 0), (5, 3), (12, 10), (7, 9)] {
            let source = [19 * x % 256, 23 * y % 256, 7 * x * y % 256]
            let a = (17 * x + 11 * y) % 256
            let expected = source.map { UInt8((a * $0 + (255 - a) * 255 + 127) / 255) }
            let pixel = image.raster.pixel(x: x, y: y)
            #expect([pixel.r, pixel.g, pixel.b] == expected, "pixel (\(x), \(y))")
        }
    }

    @Test func opaquePNGReportsNoAlpha() throws {
        #expect(try !decodeFixture("png/rgb-16.png").hadAlpha)
        #expect(try decodeFixture("png/gray-alpha-8.png").hadAlpha)
    }

    @Test func truncatedPNGFailsAsTruncated() throws {
        let error = #expect(throws: DecodeError.self) { try decodeFixture("png/truncated.png") }
        #expect(error?.kind == "truncated")
    }
}
