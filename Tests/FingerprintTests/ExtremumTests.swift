@testable import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("Scale-space extrema")
struct ExtremumTests {
    @Test("a group of pixels passes exactly where each pixel is, by SIFT's rule, a strong strict extremum of its 26 neighbours")
    func groupTestMatchesOneByOne() {
        var rng = SplitMix64(seed: 41)
        let w = 29, h = 9, prefilter: Float = 0.05
        // Few levels, so that ties with neighbours (never extrema) are common.
        let planes = (0 ..< 3).map { _ in
            let plane = FloatPlane(width: w, height: h)
            for i in 0 ..< w * h { plane.pixels[i] = Float(Int.random(in: -4 ... 4, using: &rng)) / 20 }
            return plane
        }
        let triple = (planes[0].pixels, planes[1].pixels, planes[2].pixels)
        var extrema = 0
        for y in 1 ..< h - 1 {
            // Groups of every size from 1 to 8, ending at the last interior column.
            for x in 1 ..< w - 1 {
                let count = min(8, w - 1 - x)
                let group = ExtremumDetector.extrema(at: y * w + x, count: count, width: w, planes: triple, prefilter: prefilter)
                for k in 0 ..< 8 {
                    let alone = k < count && Self.isStrongExtremum(x: x + k, y: y, width: w, planes: planes, prefilter: prefilter)
                    #expect(group[k] == alone, "pixel \(x + k), \(y) in a group of \(count)")
                    if alone { extrema += 1 }
                }
            }
        }
        #expect(extrema > 0, "the planes should hold some extrema to compare")
    }

    /// The definition: |v| above the prefilter, and a positive v strictly above, or a negative v
    /// strictly below, every other value of the 3×3×3 block around it.
    static func isStrongExtremum(x: Int, y: Int, width w: Int, planes: [FloatPlane], prefilter: Float) -> Bool {
        let v = planes[1][x, y]
        guard abs(v) > prefilter else { return false }
        var neighbours: [Float] = []
        for plane in planes {
            for dy in -1 ... 1 {
                for dx in -1 ... 1 where !(plane === planes[1] && dx == 0 && dy == 0) { neighbours.append(plane[x + dx, y + dy]) }
            }
        }
        return v > 0 ? neighbours.allSatisfy { $0 < v } : neighbours.allSatisfy { $0 > v }
    }
}
