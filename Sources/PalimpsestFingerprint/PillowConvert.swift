import PalimpsestCore

/// Pillow's colour conversions from RGB (`src/libImaging/Convert.c`), reproduced exactly: the
/// fixed-point `L` conversion and the mixed float/double `HSV` conversion that ImageHash's
/// hashes start from.
enum PillowConvert {
    /// Pillow's `rgb2l`: ITU-R 601 luma in 16-bit fixed point, rounded.
    @inline(__always)
    static func luminance(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (UInt32(r) &* 19595 &+ UInt32(g) &* 38470 &+ UInt32(b) &* 7471 &+ 0x8000) >> 16)
    }

    /// Pillow's `rgb2hsv_row`, with its precision: single-precision locals, double-precision
    /// literals, truncation to bytes.
    static func hsv(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> (h: UInt8, s: UInt8, v: UInt8) {
        let maxc = max(r, g, b)
        let minc = min(r, g, b)
        guard minc != maxc else { return (0, 0, maxc) }
        let cr = Float(maxc - minc)
        let s = cr / Float(maxc)
        let rc = Float(maxc - r) / cr
        let gc = Float(maxc - g) / cr
        let bc = Float(maxc - b) / cr
        var h: Float
        if r == maxc {
            h = bc - gc
        } else if g == maxc {
            h = Float(2.0 + Double(rc) - Double(bc))
        } else {
            h = Float(4.0 + Double(gc) - Double(rc))
        }
        h = Float((Double(h) / 6.0 + 1.0).truncatingRemainder(dividingBy: 1.0))
        return (clip8(Double(h) * 255.0), clip8(Double(s) * 255.0), maxc)
    }

    /// C's `(int)` truncation followed by Pillow's `CLIP8`.
    private static func clip8(_ value: Double) -> UInt8 {
        UInt8(clamping: Int(value))
    }

    /// The smallest single-precision saturation `(maxc - minc) / maxc` that Pillow turns into
    /// a byte of at least `level`: `s >= saturationThreshold(k)` exactly when the HSV
    /// saturation byte is `>= k`, since `(int)(s * 255.0)` never decreases as `s` grows.
    static func saturationThreshold(_ level: Int) -> Float {
        var s = Float(Double(level) / 255.0)
        while Int(Double(s) * 255.0) >= level { s = s.nextDown }
        while Int(Double(s) * 255.0) < level { s = s.nextUp }
        return s
    }

    /// The index of a colour whose channels are not all equal in ``hueTable``.
    ///
    /// Hue depends only on which channel is the maximum (the first of R, G, B that is) and on
    /// the other two channels' distances below it, so three 256×256 tables cover every colour.
    /// Written without branches so that loops calling it vectorise.
    @inline(__always)
    static func hueIndex(_ r: Int32, _ g: Int32, _ b: Int32, maximum maxc: Int32) -> Int32 {
        let dr = maxc &- r, dg = maxc &- g, db = maxc &- b
        let notRed: Int32 = r != maxc ? 1 : 0
        let neither: Int32 = notRed & (g != maxc ? 1 : 0)
        let first = notRed == 0 ? dg : dr
        let second = neither == 0 ? db : dg
        return (notRed &+ neither) &<< 16 | first &<< 8 | second
    }

    /// HSV hue by ``hueIndex(_:_:_:maximum:)``: for each maximum channel, by the distances of
    /// the other two below it.
    static let hueTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 3 << 16)
        for first in 0 ... 255 {
            for second in 0 ... 255 {
                let a = UInt8(255 - first)
                let b = UInt8(255 - second)
                table[first << 8 | second] = hsv(255, a, b).h
                table[1 << 16 | first << 8 | second] = hsv(a, 255, b).h
                table[2 << 16 | first << 8 | second] = hsv(a, b, 255).h
            }
        }
        return table
    }()
}
