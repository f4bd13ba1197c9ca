import PalimpsestCore

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
    /// `scipy.fftpack.dct` along columns then rows, DC included), above their median.
    static func perceptual(_ pixels: [UInt8]) -> Hash64 {
        let side = PocketDCT.length
        precondition(pixels.count == side * side, "phash needs 32×32 pixels")
        var low = [Double](repeating: 0, count: kept * kept)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: side * (kept + 1)) { buffer in
            // Axis 0: each column's transform; keep its first 8 frequencies, row by row.
            let rows = buffer.baseAddress!
            let column = rows + kept * side
            for j in 0 ..< side {
                for n in 0 ..< side { column[n] = Double(pixels[n * side + j]) }
                PocketDCT.transform(column)
                for k in 0 ..< kept { rows[k * side + j] = column[k] }
            }
            // Axis 1: those 8 rows' transforms; keep their first 8 frequencies.
            for k in 0 ..< kept {
                PocketDCT.transform(rows + k * side)
                for l in 0 ..< kept { low[k * kept + l] = rows[k * side + l] }
            }
        }
        let sorted = low.sorted()
        let median = (sorted[31] + sorted[32]) / 2
        return pack { low[$0] > median }
    }

    private static let kept = 8
}
