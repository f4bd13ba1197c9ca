import Foundation

/// The bit rules of ImageHash's `average_hash`, `dhash` and `phash`, applied to the grey
/// thumbnails Pillow would produce.
enum ImageHashBits {
    /// Packs 64 row-major bits, the first in the most significant position.
    static func pack(_ bit: (Int) -> Bool) -> Hash64 {
        var value: UInt64 = 0
        for k in 0 ..< 64 where bit(k) { value |= 1 << UInt64(63 - k) }
        return Hash64(value)
    }

    /// `average_hash`: an 8×8 thumbnail's pixels above their mean.
    ///
    /// The mean of 64 bytes is exact in double precision, so comparing `64 · pixel` with the
    /// sum is the same test.
    static func average(_ pixels: [UInt8]) -> Hash64 {
        precondition(pixels.count == 64, "average_hash needs 8×8 pixels")
        let sum = pixels.reduce(0) { $0 + Int($1) }
        return pack { 64 * Int(pixels[$0]) > sum }
    }

    /// `dhash`: in a 9×8 thumbnail, whether each pixel's right neighbour is brighter.
    static func difference(_ pixels: [UInt8]) -> Hash64 {
        precondition(pixels.count == 72, "dhash needs 9×8 pixels")
        return pack { k in
            let i = (k / 8) * 9 + k % 8
            return pixels[i + 1] > pixels[i]
        }
    }

    /// `phash`: the top-left 8×8 of the unnormalised 2-D DCT-II of a 32×32 thumbnail (as
    /// `scipy.fftpack.dct` along rows then columns, DC included), above their median.
    static func perceptual(_ pixels: [UInt8]) -> Hash64 {
        precondition(pixels.count == side * side, "phash needs 32×32 pixels")
        // Along axis 0 (down the columns): frequencies 0..<8 for every column.
        var partial = [Double](repeating: 0, count: kept * side)
        for k in 0 ..< kept {
            for n in 0 ..< side {
                let c = cosines[k * side + n]
                for j in 0 ..< side { partial[k * side + j] += Double(pixels[n * side + j]) * c }
            }
        }
        // Along axis 1 (across the rows).
        var coefficients = [Double](repeating: 0, count: kept * kept)
        for k in 0 ..< kept {
            for l in 0 ..< kept {
                var sum = 0.0
                for m in 0 ..< side { sum += partial[k * side + m] * cosines[l * side + m] }
                coefficients[k * kept + l] = 4 * sum
            }
        }
        let sorted = coefficients.sorted()
        let median = (sorted[31] + sorted[32]) / 2
        return pack { coefficients[$0] > median }
    }

    private static let side = 32
    private static let kept = 8

    /// `cos(π k (2n + 1) / 64)` for k < 8, n < 32.
    private static let cosines: [Double] = (0 ..< kept * side).map { index in
        let k = Double(index / side)
        let n = Double(index % side)
        return cos(Double.pi * k * (2 * n + 1) / Double(2 * side))
    }
}
