@testable import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

@Suite("Scale-space extrema")
struct ExtremumTests {
    @Test("eight pixels tested at once pass exactly when each passes on its own")
    func groupTestMatchesOneByOne() {
        var rng = Synthetic.Generator(seed: 41)
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
            for x in 1 ..< w - 1 - 8 {
                let i = y * w + x
                let group = ExtremumDetector.extrema(at: i, width: w, planes: triple, prefilter: prefilter)
                for k in 0 ..< 8 {
                    let v = triple.1[i + k]
                    let alone = abs(v) > prefilter && ExtremumDetector.isExtremum(v, at: i + k, width: w, planes: triple)
                    #expect(group[k] == alone, "pixel \(x + k), \(y)")
                    if alone { extrema += 1 }
                }
            }
        }
        #expect(extrema > 0, "the planes should hold some extrema to compare")
    }
}
