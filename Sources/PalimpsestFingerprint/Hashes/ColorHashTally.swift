import PalimpsestCore
internal import CPalimpsestKernels

/// Pillow's grey conversion and the pixel counts for ImageHash's `colorhash` (3 bits per bin),
/// gathered row by row.
///
/// Every pixel is black (grey level below 32), else grey (HSV saturation below 85), else a
/// colour; colours with saturation below 170 count as faint and above 170 as bright (exactly
/// 170 is neither, as in ImageHash), each in one of six hue bins split at 42.5, 85, 127.5, 170
/// and 212.5 like `numpy.histogram(h, bins=linspace(0, 255, 7))`.
///
/// Each row goes through two loops: a branch-free one in the C kernels, vectorised with AVX2
/// where the processor has it (grey level, black, grey and unbinned counts, saturation class
/// by comparing Pillow's float saturation with exact thresholds, and each coloured pixel's
/// index in ``PillowConvert/hueTable``, as ``PillowConvert/hueIndex(_:_:_:maximum:)`` gives
/// it), then a short scalar one that looks up the hue bins of the coloured pixels and counts
/// them.
struct ColorHashTally {
    /// Saturation classes: the number of thresholds (85, 170, 171) a saturation reaches.
    private static let faintClass: Int32 = 1
    private static let brightClass: Int32 = 3
    /// Hue counts are kept in four sets, used in turn, so that runs of one bin do not wait on
    /// each other's increments; each set holds 8 faint then 8 bright bins (6 used).
    private static let sets = 4
    private static let setSize = 16

    private var black = 0
    private var gray = 0
    private var unbinned = 0
    private var hues = [Int](repeating: 0, count: sets * setSize)

    /// ImageHash's thresholds: grey level `< 256 // 8` is black; saturation `< 256 // 3` is
    /// grey, `< 256 * 2 // 3` faint, `== 256 * 2 // 3` unbinned, above bright. The saturation
    /// thresholds are on Pillow's single-precision `(maxc - minc) / maxc`.
    private static let blackLimit: Int32 = 32
    private static let grayThreshold = PillowConvert.saturationThreshold(85)
    private static let faintThreshold = PillowConvert.saturationThreshold(170)
    private static let brightThreshold = PillowConvert.saturationThreshold(171)

    /// The thresholds as the C kernel takes them.
    private static let limits = pal_tally_limits(
        black: blackLimit, gray: grayThreshold, faint: faintThreshold, bright: brightThreshold
    )

    /// The hue bin (0…5) of every entry of ``PillowConvert/hueTable``.
    static let hueBin: [UInt8] = PillowConvert.hueTable.map { h in
        switch h {
        case ..<43: 0
        case ..<85: 1
        case ..<128: 2
        case ..<170: 3
        case ..<213: 4
        default: 5
        }
    }

    /// Converts one row of `width` RGB pixels to Pillow's grey levels (into `luminance`) and
    /// counts its pixels.
    ///
    /// - Parameter scratch: room for `width` values.
    mutating func add(
        row: UnsafePointer<UInt8>, width: Int, luminance: UnsafeMutablePointer<UInt8>,
        scratch: UnsafeMutablePointer<Int32>
    ) {
        var counts: (Int32, Int32, Int32) = (0, 0, 0)
        withUnsafePointer(to: Self.limits) { limits in
            withUnsafeMutablePointer(to: &counts) {
                $0.withMemoryRebound(to: Int32.self, capacity: 3) { counts in
                    pal_tally_row(row, width, luminance, scratch, limits, counts)
                }
            }
        }
        black += Int(counts.0)
        gray += Int(counts.1)
        unbinned += Int(counts.2)
        hues.withUnsafeMutableBufferPointer { hues in
            Self.hueBin.withUnsafeBufferPointer { hueBin in
                for x in 0 ..< width {
                    let packed = scratch[x]
                    guard packed != 0 else { continue }
                    let index = Int(packed &>> 25) &<< 3 | Int(hueBin[Int(packed & 0xFF_FFFF)])
                    hues[(x & (Self.sets - 1)) &* Self.setSize &+ index] &+= 1
                }
            }
        }
    }

    /// The hash: 14 fractions (black, grey, six faint hues, six bright hues), each scaled to
    /// 0…7 and written with ImageHash's 3-bit encoding.
    var hash: ColorHash {
        let bins = (0 ..< Self.setSize).map { bin in (0 ..< Self.sets).reduce(0) { $0 + hues[$1 * Self.setSize + bin] } }
        let faint = bins[0 ..< 6], bright = bins[8 ..< 14]
        let levels = 8
        let colors = unbinned + faint.reduce(0, +) + bright.reduce(0, +)
        let total = max(black + gray + colors, 1)
        let colored = max(colors, 1)
        let values = [black * levels / total, gray * levels / total] + (faint + bright).map { $0 * levels / colored }
        var packed: UInt64 = 0
        for value in values.map({ min($0, levels - 1) }) {
            // ImageHash's `v // 2**(2-i) % 2**(3-i) > 0`, which is not plain binary:
            // the bits are v >= 4, v >= 2 and v odd.
            let bits = (value >= 4 ? 4 : 0) | (value >= 2 ? 2 : 0) | (value & 1)
            packed = packed << 3 | UInt64(bits)
        }
        return ColorHash(packed)
    }
}
