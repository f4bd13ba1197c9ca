@testable import PalimpsestFingerprint
import PalimpsestCore
import Testing

@Suite("Pillow's colour conversions")
struct PillowConvertTests {
    /// `(rgb, L, HSV)` as Pillow 13.0.0 converts them.
    static let pillow: [((UInt8, UInt8, UInt8), UInt8, (UInt8, UInt8, UInt8))] = [
        ((255, 0, 0), 76, (0, 255, 255)), ((0, 255, 0), 150, (85, 255, 255)),
        ((0, 0, 255), 29, (170, 255, 255)), ((12, 200, 77), 130, (99, 239, 200)),
        ((200, 12, 77), 76, (240, 239, 200)), ((77, 12, 200), 53, (184, 239, 200)),
        ((128, 128, 128), 128, (0, 0, 128)), ((0, 0, 0), 0, (0, 0, 0)),
        ((255, 255, 254), 255, (42, 1, 255)), ((1, 2, 3), 2, (148, 170, 3)),
        ((250, 128, 5), 150, (21, 249, 250)), ((10, 250, 250), 178, (127, 244, 250)),
    ]

    @Test func matchesPillow() {
        for ((r, g, b), l, (h, s, v)) in Self.pillow {
            #expect(PillowConvert.luminance(r, g, b) == l, "L of \(r),\(g),\(b)")
            let hsv = PillowConvert.hsv(r, g, b)
            #expect(hsv.h == h && hsv.s == s && hsv.v == v, "HSV of \(r),\(g),\(b)")
        }
    }

    @Test func hueTableAgreesWithTheFormula() {
        // Every colour with a given maximum and distances below it, for a spread of maxima.
        var mismatches = 0
        for maxc in stride(from: 1, through: 255, by: 17) {
            for a in 0 ... maxc {
                for b in stride(from: 0, through: maxc, by: 3) {
                    for (r, g, bl) in [(maxc, a, b), (a, maxc, b), (a, b, maxc)] {
                        let (r8, g8, b8) = (UInt8(r), UInt8(g), UInt8(bl))
                        guard max(r8, g8, b8) != min(r8, g8, b8) else { continue }
                        let index = PillowConvert.hueIndex(Int32(r), Int32(g), Int32(bl), maximum: Int32(maxc))
                        if PillowConvert.hueTable[Int(index)] != PillowConvert.hsv(r8, g8, b8).h { mismatches += 1 }
                    }
                }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func saturationThresholdsSplitExactly() {
        // s >= threshold(k) exactly when Pillow's saturation byte is >= k.
        for level in [85, 170, 171] {
            let threshold = PillowConvert.saturationThreshold(level)
            #expect(Int(Double(threshold) * 255.0) >= level)
            #expect(Int(Double(threshold.nextDown) * 255.0) < level)
        }
    }
}
