import PalimpsestCore

/// ImageHash's `whash` with the Haar wavelet (`mode='haar'`, `remove_max_haar_ll=True`).
///
/// ImageHash resizes the grey image to `scale × scale`, removes the mean with a full Haar
/// decomposition, and keeps the 8×8 Haar approximation above its median. That approximation
/// is, up to a positive factor and an offset, the sum of each `scale/8`-square block, so the
/// hash is each block's integer sum compared with the median of the 64 sums. This is exact
/// unless the two middle sums are equal; then the bits of the tied blocks depend on PyWavelets'
/// rounding, and ``HaarTransform`` reproduces it.
enum WaveletHash {
    /// Side of the hash grid.
    static let hashSide = 8

    /// The side ImageHash resizes to: the largest power of two not above the shorter side,
    /// but at least 8.
    static func imageScale(width: Int, height: Int) -> Int {
        let shorter = min(width, height)
        let natural = shorter > 0 ? 1 << (Int.bitWidth - 1 - shorter.leadingZeroBitCount) : 1
        return max(natural, hashSide)
    }

    /// The hash of a `scale × scale` grey thumbnail (row-major).
    static func hash(_ pixels: [UInt8], scale: Int) -> Hash64 {
        precondition(pixels.count == scale * scale && scale >= hashSide, "whash needs a square thumbnail")
        let block = scale / hashSide
        var sums = [Int](repeating: 0, count: hashSide * hashSide)
        pixels.withUnsafeBufferPointer { source in
            for y in 0 ..< scale {
                let row = source.baseAddress! + y * scale
                for column in 0 ..< hashSide {
                    var sum = 0
                    for x in column * block ..< (column + 1) * block { sum &+= Int(row[x]) }
                    sums[(y / block) * hashSide + column] += sum
                }
            }
        }
        let sorted = sums.sorted()
        let lower = sorted[hashSide * hashSide / 2 - 1]
        let upper = sorted[hashSide * hashSide / 2]
        if lower != upper {
            return ImageHashBits.pack { 2 * sums[$0] > lower + upper }
        }
        let levels = block.trailingZeroBitCount
        let low = HaarTransform.lowBandWithoutMean(pixels, side: scale, levels: levels)
        let ordered = low.sorted()
        let median = (ordered[31] + ordered[32]) / 2
        return ImageHashBits.pack { low[$0] > median }
    }
}
