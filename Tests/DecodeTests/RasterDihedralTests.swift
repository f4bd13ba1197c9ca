import PalimpsestCore
import PalimpsestDecode
import Testing

@Suite("Raster transforms")
struct RasterDihedralTests {
    /// A raster whose every pixel is distinct: (x, y, x + 16y).
    static func numbered(width: Int, height: Int) -> Raster {
        var bytes: [UInt8] = []
        for y in 0 ..< height {
            for x in 0 ..< width { bytes += [UInt8(x), UInt8(y), UInt8(truncatingIfNeeded: x + 16 * y)] }
        }
        return Raster(width: width, height: height, bytes: bytes)
    }

    /// The source pixel each output pixel comes from, straight from the definitions in
    /// `Dihedral`: rotate90 is counter-clockwise, flipPlus1 a transpose.
    static func source(_ t: Dihedral, x: Int, y: Int, width w: Int, height h: Int) -> (Int, Int) {
        switch t {
        case .original: (x, y)
        case .rotate90: (w - 1 - y, x)
        case .rotate180: (w - 1 - x, h - 1 - y)
        case .rotate270: (y, h - 1 - x)
        case .flipX: (w - 1 - x, y)
        case .flipY: (x, h - 1 - y)
        case .flipPlus1: (y, x)
        case .flipMinus1: (w - 1 - y, h - 1 - x)
        }
    }

    @Test(arguments: Dihedral.allCases, [(1, 1), (3, 2), (5, 7), (40, 33)])
    func transformMovesEveryPixelWhereDihedralSays(transform: Dihedral, size: (Int, Int)) {
        let (w, h) = size
        let raster = Self.numbered(width: w, height: h)
        let out = raster.transformed(by: transform)
        #expect(out.width == (transform.swapsAxes ? h : w) && out.height == (transform.swapsAxes ? w : h))
        var mismatches = 0
        for y in 0 ..< out.height {
            for x in 0 ..< out.width {
                let (sx, sy) = Self.source(transform, x: x, y: y, width: w, height: h)
                if out.pixel(x: x, y: y) != raster.pixel(x: sx, y: sy) { mismatches += 1 }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func rotate90IsCounterClockwise() {
        // Red, blue side by side: a quarter turn to the left puts blue on top.
        let wide = Raster(width: 2, height: 1, bytes: [255, 0, 0, 0, 0, 255])
        let tall = wide.transformed(by: .rotate90)
        #expect(tall.width == 1 && tall.height == 2)
        #expect(tall.pixel(x: 0, y: 0) == (0, 0, 255))
    }

    @Test func fourQuarterTurnsAreIdentity() {
        let raster = Self.numbered(width: 7, height: 3)
        let turned = raster.transformed(by: .rotate90).transformed(by: .rotate90)
            .transformed(by: .rotate90).transformed(by: .rotate90)
        let same = turned == raster
        #expect(same)
    }
}
