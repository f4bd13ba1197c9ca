import Foundation
@testable import PalimpsestFingerprint
import PalimpsestCore
import PalimpsestTestSupport
import Testing

@Suite("SIFT descriptor")
struct SIFTDescriptorTests {
    @Test("the descriptor equals the one built pixel by pixel over the whole window, byte for byte")
    func matchesPixelByPixelDefinition() {
        var rng = SplitMix64(seed: 8)
        let plane = FloatPlane(width: 97, height: 83)
        for i in 0 ..< plane.width * plane.height { plane.pixels[i] = Float.random(in: 0 ... 1, using: &rng) }
        let field = GradientField(plane)
        var fast = [UInt8](repeating: 0, count: SIFTDescriptor.length)
        for trial in 0 ..< 60 {
            let x = Int.random(in: 2 ..< 95, using: &rng), y = Int.random(in: 2 ..< 81, using: &rng)
            let sigma = Float.random(in: 1 ... 5, using: &rng)
            let angle = trial % 5 == 0 ? Float(trial / 5 % 4) * .pi / 2 : Float.random(in: 0 ..< 2 * .pi, using: &rng)
            fast.withUnsafeMutableBufferPointer {
                SIFTDescriptor.compute(in: field, x: x, y: y, sigma: sigma, angle: angle, into: $0.baseAddress!)
            }
            #expect(fast == Self.reference(field, x: x, y: y, sigma: sigma, angle: angle), "x \(x), y \(y), σ \(sigma), angle \(angle)")
        }
    }

    /// SIFT's trilinear histogram as defined: every pixel of the square window, tested one by one.
    static func reference(_ field: GradientField, x: Int, y: Int, sigma: Float, angle: Float) -> [UInt8] {
        let d = SIFTDescriptor.cells, n = SIFTDescriptor.directions
        let w = field.magnitude.width, h = field.magnitude.height
        let cellWidth = 3 * sigma
        let radius = min(Int((cellWidth * 1.414_213_5 * Float(d + 1) * 0.5).rounded()), Int(Double(w * w + h * h).squareRoot()))
        let cosine = Float(cos(Double(angle))) / cellWidth, sine = Float(sin(Double(angle))) / cellWidth
        let falloffScale = -1 / (Double(cellWidth * cellWidth) * Double(d * d) * 0.5)
        let falloff = (0 ... radius).map { Float(exp(Double($0 * $0) * falloffScale)) }
        let stride = n + 2, rowStride = (d + 2) * stride
        var hist = [Float](repeating: 0, count: (d + 2) * (d + 2) * stride)
        let half = Float(d) / 2 - 0.5
        for i in -radius ... radius where y + i > 0 && y + i < h - 1 {
            for j in -radius ... radius where x + j > 0 && x + j < w - 1 {
                let fi = Float(i), fj = Float(j)
                let cbin = fj * cosine + fi * sine + half
                let rbin = fi * cosine - fj * sine + half
                guard rbin > -1, rbin < Float(d), cbin > -1, cbin < Float(d) else { continue }
                var relative = field.angle[x + j, y + i] - angle
                if relative < 0 { relative += 2 * .pi }
                if relative >= 2 * .pi { relative -= 2 * .pi }
                let obin = relative * (Float(n) / (2 * .pi))
                let magnitude = field.magnitude[x + j, y + i] * falloff[abs(i)] * falloff[abs(j)]
                let r0 = Int(rbin.rounded(.down)), c0 = Int(cbin.rounded(.down))
                var o0 = Int(obin.rounded(.down))
                let fr = rbin - Float(r0), fc = cbin - Float(c0), fo = obin - Float(o0)
                if o0 >= n { o0 -= n }
                let v1 = magnitude * fr, v0 = magnitude - v1
                let v11 = v1 * fc, v10 = v1 - v11, v01 = v0 * fc, v00 = v0 - v01
                let index = (r0 + 1) * rowStride + (c0 + 1) * stride + o0
                for (offset, value) in [(0, v00 - v00 * fo), (1, v00 * fo), (stride, v01 - v01 * fo), (stride + 1, v01 * fo),
                                        (rowStride, v10 - v10 * fo), (rowStride + 1, v10 * fo),
                                        (rowStride + stride, v11 - v11 * fo), (rowStride + stride + 1, v11 * fo)] {
                    hist[index + offset] += value
                }
            }
        }
        var raw = [Float](repeating: 0, count: SIFTDescriptor.length)
        for r in 0 ..< d {
            for c in 0 ..< d {
                let index = (r + 1) * rowStride + (c + 1) * stride
                hist[index] += hist[index + n]
                hist[index + 1] += hist[index + n + 1]
                for o in 0 ..< n { raw[(r * d + c) * n + o] = hist[index + o] }
            }
        }
        var bytes = [UInt8](repeating: 0, count: SIFTDescriptor.length)
        bytes.withUnsafeMutableBufferPointer { SIFTDescriptor.quantise(raw, into: $0.baseAddress!) }
        return bytes
    }
}
