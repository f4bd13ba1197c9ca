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

    /// HSV saturation indexed by `maxc << 8 | minc` (the only inputs it depends on).
    static let saturation: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 1 << 16)
        for maxc in 0 ... 255 {
            for minc in 0 ... maxc {
                table[maxc << 8 | minc] = hsv(UInt8(maxc), UInt8(minc), UInt8(minc)).s
            }
        }
        return table
    }()

    /// HSV hue of a pixel whose channels are not all equal, from ``hueTable``.
    static func hue(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        hueTable[hueIndex(r, g, b)]
    }

    /// The index of a colour in ``hueTable``.
    ///
    /// Hue depends only on which channel is the maximum (the first of R, G, B that is) and on
    /// the other two channels' distances below it, so three 256×256 tables cover every colour.
    @inline(__always)
    static func hueIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        let maxc = max(r, g, b)
        let dr = Int(maxc &- r), dg = Int(maxc &- g), db = Int(maxc &- b)
        if r == maxc { return dg << 8 | db }
        if g == maxc { return 1 << 16 | dr << 8 | db }
        return 2 << 16 | dr << 8 | dg
    }

    /// HSV hue by ``hueIndex(_:_:_:)``: for each maximum channel, by the distances of the other
    /// two below it.
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
