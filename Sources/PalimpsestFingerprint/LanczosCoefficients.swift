import PalimpsestCore
import Foundation

/// The fixed-point filter taps Pillow's LANCZOS resampling uses along one axis
/// (`precompute_coeffs` then `normalize_coeffs_8bpc` in `src/libImaging/Resample.c`).
///
/// Output pixel `o` is `clip8((2²¹ + Σ weight[t] · input[first + t]) >> 22)` over its taps.
/// Taps whose fixed-point weight rounds to zero are dropped from both ends, which changes
/// nothing in the sums.
struct LanczosCoefficients {
    /// Fraction bits of the fixed-point weights (Pillow's `PRECISION_BITS`).
    static let precisionBits = 22
    /// Lanczos-3 support in output pixels.
    static let support = 3.0

    /// The first input index of each output pixel's taps.
    let first: [Int]
    /// The number of taps of each output pixel.
    let count: [Int]
    /// Where each output pixel's weights start in ``weights``.
    let offset: [Int]
    /// All weights, output pixel after output pixel.
    let weights: [Int32]
    /// The lowest input index any output reads.
    let lowestInput: Int
    /// One past the highest input index any output reads.
    let inputEnd: Int

    /// Computes the taps for resizing `inputSize` samples to `outputSize`, over the whole input.
    ///
    /// - Precondition: both sizes are positive.
    init(inputSize: Int, outputSize: Int) {
        precondition(inputSize > 0 && outputSize > 0, "empty axis")
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1.0)
        let support = Self.support * filterScale
        let unit = Double(1 << Self.precisionBits)
        var first = [Int](), count = [Int](), offset = [Int](), weights = [Int32]()
        first.reserveCapacity(outputSize)
        count.reserveCapacity(outputSize)
        offset.reserveCapacity(outputSize)
        var taps = [Double]()
        for o in 0 ..< outputSize {
            let center = (Double(o) + 0.5) * scale
            let inverse = 1.0 / filterScale
            let xmin = max(Int(center - support + 0.5), 0)
            let xmax = min(Int(center + support + 0.5), inputSize) - xmin
            taps.removeAll(keepingCapacity: true)
            var total = 0.0
            for x in 0 ..< max(xmax, 0) {
                let w = Self.lanczos((Double(x + xmin) - center + 0.5) * inverse)
                taps.append(w)
                total += w
            }
            let fixed = taps.map { tap -> Int32 in
                let normalised = total != 0 ? tap / total : tap
                return Int32(normalised < 0 ? -0.5 + normalised * unit : 0.5 + normalised * unit)
            }
            let lead = fixed.firstIndex { $0 != 0 } ?? fixed.count
            let trail = (fixed.lastIndex { $0 != 0 } ?? -1) + 1
            first.append(xmin + lead)
            count.append(max(trail - lead, 0))
            offset.append(weights.count)
            if trail > lead { weights.append(contentsOf: fixed[lead ..< trail]) }
        }
        self.first = first
        self.count = count
        self.offset = offset
        self.weights = weights
        lowestInput = zip(first, count).filter { $0.1 > 0 }.map(\.0).min() ?? 0
        inputEnd = zip(first, count).map { $0.0 + $0.1 }.max() ?? 0
    }

    /// Calls `body` with pointers to ``first``, ``count``, ``offset`` and ``weights`` (`nil`
    /// for an empty array).
    func withTaps<R>(
        _ body: (UnsafePointer<Int>?, UnsafePointer<Int>?, UnsafePointer<Int>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        first.withUnsafeBufferPointer { first in
            count.withUnsafeBufferPointer { count in
                offset.withUnsafeBufferPointer { offset in
                    weights.withUnsafeBufferPointer { weights in
                        body(first.baseAddress, count.baseAddress, offset.baseAddress, weights.baseAddress)
                    }
                }
            }
        }
    }

    /// Pillow's `lanczos_filter`: `sinc(x) · sinc(x / 3)` on [-3, 3).
    static func lanczos(_ x: Double) -> Double {
        guard -3.0 <= x && x < 3.0 else { return 0 }
        return sinc(x) * sinc(x / 3)
    }

    private static func sinc(_ x: Double) -> Double {
        if x == 0.0 { return 1.0 }
        let scaled = x * Double.pi
        return sin(scaled) / scaled
    }
}
