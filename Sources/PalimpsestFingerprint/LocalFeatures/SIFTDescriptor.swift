import PalimpsestCore
import Foundation

/// SIFT's 4×4×8 gradient-histogram descriptor, stored as RootSIFT bytes.
///
/// A square window of 4×4 cells, each 3σ wide, is turned to the keypoint's direction; every
/// pixel's gradient is spread over the two nearest cells in each axis and the two nearest of
/// eight direction bins (trilinear), weighted by its magnitude and a Gaussian of half the
/// window. The 128 sums are normalised, clipped at 0.2 and renormalised (Lowe), then
/// L1-normalised and square-rooted (RootSIFT, so Euclidean distance compares them by the
/// Hellinger kernel), then scaled by 512 into bytes.
enum SIFTDescriptor {
    /// Cells per side.
    static let cells = 4
    /// Direction bins per cell.
    static let directions = 8
    /// Bytes per descriptor.
    static let length = cells * cells * directions

    /// Writes the descriptor of the keypoint at `(x, y)` with scale `sigma` and direction
    /// `angle` (all in `field`'s pixels and radians) into `output` (`length` bytes).
    static func compute(
        in field: GradientField, x: Int, y: Int, sigma: Float, angle: Float,
        into output: UnsafeMutablePointer<UInt8>
    ) {
        let d = cells, n = directions
        let w = field.magnitude.width, h = field.magnitude.height
        let cellWidth = 3 * sigma
        let radius = min(Int((cellWidth * 1.414_213_5 * Float(d + 1) * 0.5).rounded()), Int(Double(w * w + h * h).squareRoot()))
        let cosine = Float(cos(Double(angle))) / cellWidth, sine = Float(sin(Double(angle))) / cellWidth
        let falloffScale = -1 / (Double(cellWidth * cellWidth) * Double(d * d) * 0.5)
        let falloff = (0 ... radius).map { Float(exp(Double($0 * $0) * falloffScale)) }
        // The falloff by signed column offset, so that eight columns' weights load at once.
        let byColumn = (-radius ... radius + 7).map { falloff[min(abs($0), radius)] }
        let stride = n + 2, rowStride = (d + 2) * stride
        var hist = [Float](repeating: 0, count: (d + 2) * (d + 2) * stride)
        let perRadian = Float(n) / (2 * .pi)
        let half = Float(d) / 2 - 0.5
        // Each group's bin index (−1 where outside) and eight weights, lane by lane.
        let lanes = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: 9)
        defer { lanes.deallocate() }
        let values = UnsafeMutableRawPointer(lanes).assumingMemoryBound(to: Float.self)
        byColumn.withUnsafeBufferPointer { byColumn in
            hist.withUnsafeMutableBufferPointer { buffer in
                let hist = buffer.baseAddress!
                for i in -radius ... radius {
                    let row = y + i
                    guard row > 0, row < h - 1 else { continue }
                    let magnitudes = field.magnitude.row(row), angles = field.angle.row(row)
                    let rowWeight = falloff[abs(i)]
                    let fi = Float(i)
                    // The columns of this row that can fall inside the turned window, found
                    // beforehand so the test below rejects few (it still decides).
                    let across = Self.inside(offset: fi * sine + half, slope: cosine, bins: d)
                    let along = Self.inside(offset: fi * cosine + half, slope: -sine, bins: d)
                    let first = max(-radius, 1 - x, across.lowerBound, along.lowerBound)
                    let last = min(radius, w - 2 - x, across.upperBound - 1, along.upperBound - 1)
                    guard first <= last else { continue }
                    // Eight columns at a time: their bins and weights in vectors, then their
                    // sums added in column order, as one by one.
                    for j0 in Swift.stride(from: first, through: last, by: 8) {
                        let count = min(8, last - j0 + 1)
                        let fj = SIMD8<Float>(0, 1, 2, 3, 4, 5, 6, 7) + Float(j0)
                        let cbin = fj * cosine + fi * sine + half
                        let rbin = fi * cosine - fj * sine + half
                        let inside = (rbin .> -1) .& (rbin .< Float(d)) .& (cbin .> -1) .& (cbin .< Float(d))
                            .& (fj .<= Float(last))
                        guard any(inside) else { continue }
                        var relative = SIMD8(loadingFirst: count, from: angles + x + j0) - angle
                        relative.replace(with: relative + 2 * .pi, where: relative .< 0)
                        relative.replace(with: relative - 2 * .pi, where: relative .>= 2 * .pi)
                        let obin = relative * perRadian
                        let magnitude = SIMD8(loadingFirst: count, from: magnitudes + x + j0) * rowWeight
                            * SIMD8(loadingFirst: 8, from: byColumn.baseAddress! + j0 + radius)
                        let r0 = rbin.roundedDownSmall, c0 = cbin.roundedDownSmall
                        var o0 = obin.roundedDownSmall
                        let fr = rbin - r0, fc = cbin - c0, fo = obin - o0
                        o0.replace(with: o0 - Float(n), where: o0 .>= Float(n))
                        let v1 = magnitude * fr, v0 = magnitude - v1
                        let v11 = v1 * fc, v10 = v1 - v11, v01 = v0 * fc, v00 = v0 - v01
                        let v111 = v11 * fo, v110 = v11 - v111, v101 = v10 * fo, v100 = v10 - v101
                        let v011 = v01 * fo, v010 = v01 - v011, v001 = v00 * fo, v000 = v00 - v001
                        var index = (r0 + 1) * Float(rowStride) + (c0 + 1) * Float(stride) + o0
                        index.replace(with: -1, where: .!inside)
                        lanes[0] = index
                        (lanes[1], lanes[2], lanes[3], lanes[4]) = (v000, v001, v010, v011)
                        (lanes[5], lanes[6], lanes[7], lanes[8]) = (v100, v101, v110, v111)
                        for k in 0 ..< count where values[k] >= 0 {
                            let base = Int(values[k])
                            hist[base] += values[8 + k]
                            hist[base + 1] += values[16 + k]
                            hist[base + stride] += values[24 + k]
                            hist[base + stride + 1] += values[32 + k]
                            hist[base + rowStride] += values[40 + k]
                            hist[base + rowStride + 1] += values[48 + k]
                            hist[base + rowStride + stride] += values[56 + k]
                            hist[base + rowStride + stride + 1] += values[64 + k]
                        }
                    }
                }
            }
        }
        var raw = [Float](repeating: 0, count: length)
        for r in 0 ..< d {
            for c in 0 ..< d {
                let index = (r + 1) * rowStride + (c + 1) * stride
                hist[index] += hist[index + n]
                hist[index + 1] += hist[index + n + 1]
                for o in 0 ..< n { raw[(r * d + c) * n + o] = hist[index + o] }
            }
        }
        quantise(raw, into: output)
    }

    /// The offsets `j` at which `offset + slope × j` may lie strictly between -1 and `bins`,
    /// widened well beyond the rounding of that sum in `Float`, so that it never leaves out an
    /// offset at which the sum, computed in any order, lies inside.
    static func inside(offset: Float, slope: Float, bins: Int) -> Range<Int> {
        let everywhere = Int.min / 4 ..< Int.max / 4
        let tolerance = 1e-4, low = -1 - Double(offset), high = Double(bins) - Double(offset)
        guard abs(slope) > 1e-9 else { return low < tolerance && high > -tolerance ? everywhere : 0 ..< 0 }
        let a = low / Double(slope), b = high / Double(slope)
        let margin = 1 + tolerance / abs(Double(slope))
        let from = (min(a, b) - margin).rounded(.down), to = (max(a, b) + margin).rounded(.up)
        guard from > Double(everywhere.lowerBound), to < Double(everywhere.upperBound) else { return everywhere }
        return Int(from) ..< Int(to) + 1
    }

    /// Lowe's normalise–clip–renormalise, then RootSIFT, then bytes.
    static func quantise(_ raw: [Float], into output: UnsafeMutablePointer<UInt8>) {
        var values = raw
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let clip = 0.2 * norm
        for i in values.indices { values[i] = min(values[i], clip) }
        let total = values.reduce(0, +)
        guard total > 0 else {
            output.initialize(repeating: 0, count: length)
            return
        }
        for i in values.indices {
            output[i] = UInt8(min(255, (values[i] / total).squareRoot() * 512 + 0.5))
        }
    }

    /// For each descriptor byte, where it moves when the image is mirrored left–right: the
    /// rows of cells (across the keypoint's direction) reverse and each direction bin `o`
    /// becomes `-o`.
    static let mirrorPermutation: [Int] = {
        var permutation = [Int](repeating: 0, count: length)
        for r in 0 ..< cells {
            for c in 0 ..< cells {
                for o in 0 ..< directions {
                    permutation[(r * cells + c) * directions + o] =
                        ((cells - 1 - r) * cells + c) * directions + (directions - o) % directions
                }
            }
        }
        return permutation
    }()
}
