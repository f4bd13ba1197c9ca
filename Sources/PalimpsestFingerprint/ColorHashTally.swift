/// Pixel counts for ImageHash's `colorhash` (3 bits per bin).
///
/// Every pixel is black (grey level below 32), else grey (HSV saturation below 85), else a
/// colour; colours with saturation below 170 count as faint and above 170 as bright (exactly
/// 170 is neither, as in ImageHash), each in one of six hue bins split at 42.5, 85, 127.5, 170
/// and 212.5 like `numpy.histogram(h, bins=linspace(0, 255, 7))`.
struct ColorHashTally {
    /// Pixels per category: see ``category(luminance:saturationClass:hueBin:)``.
    var counts = [Int](repeating: 0, count: categoryCount)

    /// Black, grey, colour without a hue bin, six faint hues, six bright hues.
    static let categoryCount = 15
    private static let black = 0
    private static let gray = 1
    private static let unbinned = 2
    private static let faint = 3
    private static let bright = 9

    /// The category of a non-black pixel's saturation, indexed by `maxc << 8 | minc`: grey,
    /// unbinned (saturation exactly 170), or the first faint or bright category.
    static let saturationClass: [UInt8] = PillowConvert.saturation.map { byte in
        let s = Int(byte)
        return UInt8(s < grayLimit ? gray : s < faintLimit ? faint : s == faintLimit ? unbinned : bright)
    }

    /// ImageHash's thresholds: grey level `< 256 // 8` is black, saturation `< 256 // 3` is
    /// grey, `< 256 * 2 // 3` faint and `> 256 * 2 // 3` bright.
    private static let blackLimit = 256 / 8
    private static let grayLimit = 256 / 3
    private static let faintLimit = 256 * 2 / 3

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

    /// A pixel's category from its grey level, its ``saturationClass`` and its ``hueBin``.
    @inline(__always)
    static func category(luminance: UInt8, saturationClass: UInt8, hueBin: UInt8) -> Int {
        if Int(luminance) < blackLimit { return black }
        let base = Int(saturationClass)
        return base >= faint ? base + Int(hueBin) : base
    }

    /// The hash: 14 fractions (black, grey, six faint hues, six bright hues), each scaled to
    /// 0…7 and written with ImageHash's 3-bit encoding.
    var hash: ColorHash {
        let levels = 8
        let total = max(counts.reduce(0, +), 1)
        let colored = max(counts[Self.unbinned...].reduce(0, +), 1)
        var values = [counts[Self.black] * levels / total, counts[Self.gray] * levels / total]
        values += counts[Self.faint...].map { $0 * levels / colored }
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
