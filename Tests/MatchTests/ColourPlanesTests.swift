import PalimpsestCore
@testable import PalimpsestMatch
import PalimpsestTestSupport
import Testing

@Suite("Colour planes")
struct ColourPlanesTests {
    /// Each column's (or row's) cell when `length` pixels are reduced to `cells`, as
    /// `ColourPlanes` assigns them.
    static func cells(_ length: Int, _ cells: Int) -> [Int] {
        let step = Double(length) / Double(cells)
        return (0 ..< length).map { min(cells - 1, Int(Double($0) / step)) }
    }

    @Test("cells summed as integers, rows of cells first, hold the sums added pixel by pixel in Float",
          arguments: [(64, 48), (63, 47), (8, 5), (4, 3), (512, 300)])
    func integerSumsEqualFloatSums(_ size: (w: Int, h: Int)) throws {
        // Given a sample photo and a grid of cells over it, each small enough that its byte
        // sums are exact in Float (as `ColourPlanes` requires before summing as integers)
        let raster = try RasterTransforms.sample(Fixtures.sampleReferences[0])
        let w = min(size.w, raster.width), h = min(size.h, raster.height)
        let columns = Self.cells(raster.width, w), rows = Self.cells(raster.height, h)
        let largest = Dictionary(grouping: columns, by: { $0 }).values.map(\.count).max()!
            * Dictionary(grouping: rows, by: { $0 }).values.map(\.count).max()!
        try #require(largest * 255 <= 1 << 24)
        // When its cells are summed both ways
        let integer = ColourPlanes.integerSums(raster, w: w, h: h, cellOfColumn: columns, cellOfRow: rows)
        let float = ColourPlanes.floatSums(raster, w: w, h: h, cellOfColumn: columns, cellOfRow: rows)
        // Then every sum and every count is the same
        let same = integer.0 == float.0 && integer.1 == float.1
        #expect(integer.1.reduce(0, +) == Float(raster.width * raster.height))
        #expect(same)
    }
}
