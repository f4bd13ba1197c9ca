import PalimpsestCore

/// The per-pixel loops the decoders share, written over raw pointers so that release builds
/// compile them to tight loops with no bounds or retain overhead.
enum PixelKernels {
    /// Turns `count` RGBA pixels into RGB pixels. `destination` may equal `source`: the
    /// conversion then runs in place, each RGB pixel landing at or before the RGBA pixel it
    /// comes from.
    ///
    /// With `.compositeOnWhite`, `out = (a·c + (255 − a)·255 + 127) / 255` in integers, which is
    /// `a·c + (1 − a)·255` with `a` in 0…1, rounded half up. With `.drop`, colour is kept as stored.
    static func rgbaToRGB(
        _ source: UnsafePointer<UInt8>, _ destination: UnsafeMutablePointer<UInt8>, count: Int, alpha: AlphaHandling
    ) {
        var i = 0
        var o = 0
        switch alpha {
        case .drop:
            for _ in 0 ..< count {
                destination[o] = source[i]
                destination[o + 1] = source[i + 1]
                destination[o + 2] = source[i + 2]
                i += 4
                o += 3
            }
        case .compositeOnWhite:
            for _ in 0 ..< count {
                let a = UInt32(source[i + 3])
                let background = (255 - a) * 255 + 127
                destination[o] = UInt8(truncatingIfNeeded: (a * UInt32(source[i]) + background) / 255)
                destination[o + 1] = UInt8(truncatingIfNeeded: (a * UInt32(source[i + 1]) + background) / 255)
                destination[o + 2] = UInt8(truncatingIfNeeded: (a * UInt32(source[i + 2]) + background) / 255)
                i += 4
                o += 3
            }
        }
    }

    /// Converts `count` Adobe-inverted CMYK pixels (as libjpeg returns them for Adobe files) to RGB
    /// exactly as Pillow does: it reads them as `CMYK;I` (each value inverted) and then applies
    /// `out = nk − round(c·nk / 255)` with `nk = 255 − k`, per channel.
    static func invertedCMYKToRGB(_ source: UnsafePointer<UInt8>, _ destination: UnsafeMutablePointer<UInt8>, count: Int) {
        var i = 0
        var o = 0
        for _ in 0 ..< count {
            let nk = UInt32(source[i + 3])  // 255 − k, since k is stored inverted
            destination[o] = UInt8(truncatingIfNeeded: nk - mulDiv255(255 - UInt32(source[i]), nk))
            destination[o + 1] = UInt8(truncatingIfNeeded: nk - mulDiv255(255 - UInt32(source[i + 1]), nk))
            destination[o + 2] = UInt8(truncatingIfNeeded: nk - mulDiv255(255 - UInt32(source[i + 2]), nk))
            i += 4
            o += 3
        }
    }

    /// `a·b / 255` rounded, Pillow's `MULDIV255`.
    @inline(__always)
    private static func mulDiv255(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let t = a * b + 128
        return ((t >> 8) + t) >> 8
    }
}
