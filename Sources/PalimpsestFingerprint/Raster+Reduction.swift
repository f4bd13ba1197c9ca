import PalimpsestCore

extension Raster {
    /// The raster halved (2×2 box average, rounded) as many times as its short side stays at or
    /// above `minimumShortSide`: the cheap reduction that the layout-level fingerprints run on.
    public func reduced(toShortSideAtLeast minimumShortSide: Int) -> Raster {
        var out = self
        while min(out.width, out.height) / 2 >= minimumShortSide { out = out.halved() }
        return out
    }

    /// A 2×2 box average (an odd last row or column is dropped).
    func halved() -> Raster {
        let w = width / 2, h = height / 2
        var bytes = [UInt8](repeating: 0, count: w * h * 3)
        self.bytes.withUnsafeBufferPointer { src in
            bytes.withUnsafeMutableBufferPointer { dst in
                let stride = width * 3
                for y in 0 ..< h {
                    let top = 2 * y * stride, bottom = top + stride
                    var o = y * w * 3
                    for x in 0 ..< w {
                        let i = x * 6
                        for c in 0 ..< 3 {
                            let sum = Int(src[top + i + c]) + Int(src[top + i + 3 + c]) + Int(src[bottom + i + c]) + Int(src[bottom + i + 3 + c])
                            dst[o + c] = UInt8((sum + 2) >> 2)
                        }
                        o += 3
                    }
                }
            }
        }
        return Raster(width: w, height: h, bytes: bytes)
    }
}
