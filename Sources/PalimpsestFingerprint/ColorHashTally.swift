/// Pillow's grey conversion and the pixel counts for ImageHash's `colorhash` (3 bits per bin),
/// gathered row by row.
///
/// Every pixel is black (grey level below 32), else grey (HSV saturation below 85), else a
/// colour; colours with saturation below 170 count as faint and above 170 as bright (exactly
/// 170 is neither, as in ImageHash), each in one of six hue bins split at 42.5, 85, 127.5, 170
/// and 212.5 like `numpy.histogram(h, bins=linspace(0, 255, 7))`.
///
/// Each row goes through two loops: a branch-free one the compiler vectorises (grey level,
/// saturation class by comparing Pillow's float saturation with exact thresholds, and the
/// pixel's index in ``PillowConvert/hueTable``), then a short scalar one that looks up the hue
/// bin and counts the pixel's *class index*: its class times 8 plus its hue bin.
struct ColorHashTally {
    /// Pixel classes; a class index is `class << 3 | hue bin`.
    private static let grayClass: Int32 = 0
    private static let faintClass: Int32 = 1
    private static let unbinnedClass: Int32 = 2
    private static let brightClass: Int32 = 3
    private static let blackClass: Int32 = 4
    private static let classIndices = 5 << 3
    /// Counts are kept in four sets, used in turn, so that runs of one class index do not wait
    /// on each other's increments.
    private static let sets = 4

    /// Pixels per class index, in ``sets`` interleaved sets.
    private var counts = [Int](repeating: 0, count: sets * classIndices)

    /// ImageHash's thresholds: grey level `< 256 // 8` is black; saturation `< 256 // 3` is
    /// grey, `< 256 * 2 // 3` faint, `== 256 * 2 // 3` unbinned, above bright. The saturation
    /// thresholds are on Pillow's single-precision `(maxc - minc) / maxc`.
    private static let blackLimit: Int32 = 32
    private static let grayThreshold = PillowConvert.saturationThreshold(85)
    private static let faintThreshold = PillowConvert.saturationThreshold(170)
    private static let brightThreshold = PillowConvert.saturationThreshold(171)

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
        let gray = Self.grayThreshold, faint = Self.faintThreshold, bright = Self.brightThreshold
        for x in 0 ..< width {
            let r = Int32(row[3 &* x]), g = Int32(row[3 &* x &+ 1]), b = Int32(row[3 &* x &+ 2])
            let l = (r &* 19595 &+ g &* 38470 &+ b &* 7471 &+ 0x8000) &>> 16
            luminance[x] = UInt8(truncatingIfNeeded: l)
            let maxc = max(r, max(g, b))
            let minc = min(r, min(g, b))
            // 0/0 for black pixels is NaN, which reaches no threshold: grey, as in Pillow.
            let saturation = Float(maxc &- minc) / Float(maxc)
            let saturationClass: Int32 = (saturation >= gray ? 1 : 0) &+ (saturation >= faint ? 1 : 0)
                &+ (saturation >= bright ? 1 : 0)
            let isBlack = l < Self.blackLimit
            let pixelClass = isBlack ? Self.blackClass : saturationClass
            let needsHue = !isBlack && saturationClass != Self.grayClass
            let hue = PillowConvert.hueIndex(r, g, b, maximum: maxc)
            scratch[x] = pixelClass &<< 24 | (needsHue ? hue : 0)
        }
        counts.withUnsafeMutableBufferPointer { counts in
            Self.hueBin.withUnsafeBufferPointer { hueBin in
                for x in 0 ..< width {
                    let packed = scratch[x]
                    let index = Int(packed &>> 24) &<< 3 | Int(hueBin[Int(packed & 0xFF_FFFF)])
                    counts[(x & (Self.sets - 1)) &* Self.classIndices &+ index] &+= 1
                }
            }
        }
    }

    /// The hash: 14 fractions (black, grey, six faint hues, six bright hues), each scaled to
    /// 0…7 and written with ImageHash's 3-bit encoding.
    var hash: ColorHash {
        func count(_ pixelClass: Int32, bin: Int? = nil) -> Int {
            let bins = bin.map { $0 ... $0 } ?? 0 ... 7
            return bins.reduce(0) { sum, bin in
                let index = Int(pixelClass) << 3 | bin
                return sum + (0 ..< Self.sets).reduce(0) { $0 + counts[$1 * Self.classIndices + index] }
            }
        }
        let levels = 8
        let black = count(Self.blackClass)
        let gray = count(Self.grayClass)
        let colors = count(Self.faintClass) + count(Self.unbinnedClass) + count(Self.brightClass)
        let total = max(black + gray + colors, 1)
        let colored = max(colors, 1)
        var values = [black * levels / total, gray * levels / total]
        values += (0 ..< 6).map { count(Self.faintClass, bin: $0) * levels / colored }
        values += (0 ..< 6).map { count(Self.brightClass, bin: $0) * levels / colored }
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
