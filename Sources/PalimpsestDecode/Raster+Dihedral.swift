public import PalimpsestCore

extension Raster {
    /// The raster transformed by one of the eight symmetries of a rectangle.
    ///
    /// Semantics follow ``PalimpsestCore/Dihedral``: `.rotate90` turns the image 90°
    /// counter-clockwise, `.flipX` mirrors it left to right, `.flipPlus1` transposes it. The four
    /// transforms whose ``PalimpsestCore/Dihedral/swapsAxes`` is true swap width and height.
    ///
    /// ```swift
    /// let wide = Raster(width: 2, height: 1, bytes: [255, 0, 0, 0, 0, 255])  // red, blue
    /// let tall = wide.transformed(by: .rotate90)  // 1 × 2: blue on top, red below
    /// ```
    ///
    /// - Parameter transform: The symmetry to apply.
    /// - Returns: A new raster; `self` when `transform` is `.original`.
    public func transformed(by transform: Dihedral) -> Raster {
        if transform == .original || pixelCount == 0 { return self }
        let (w, h) = (width, height)
        let outWidth = transform.swapsAxes ? h : w
        let outHeight = transform.swapsAxes ? w : h
        let out = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            bytes.withUnsafeBufferPointer { source in
                let src = source.baseAddress!
                let dst = buffer.baseAddress!
                switch transform {
                case .original:
                    break
                case .flipX:
                    Self.mirrorRows(src, dst, width: w, height: h, upsideDown: false)
                case .rotate180:
                    Self.mirrorRows(src, dst, width: w, height: h, upsideDown: true)
                case .flipY:
                    let rowBytes = w * 3
                    for y in 0 ..< h {
                        (dst + (h - 1 - y) * rowBytes).update(from: src + y * rowBytes, count: rowBytes)
                    }
                case .flipPlus1:
                    Self.swapAxes(src, dst, width: w, height: h, reverseRows: false, reverseColumns: false)
                case .rotate90:
                    Self.swapAxes(src, dst, width: w, height: h, reverseRows: false, reverseColumns: true)
                case .rotate270:
                    Self.swapAxes(src, dst, width: w, height: h, reverseRows: true, reverseColumns: false)
                case .flipMinus1:
                    Self.swapAxes(src, dst, width: w, height: h, reverseRows: true, reverseColumns: true)
                }
            }
            initialized = bytes.count
        }
        return Raster(width: outWidth, height: outHeight, bytes: out)
    }

    /// Mirrors each row left to right, writing rows in the same order or bottom-up.
    private static func mirrorRows(
        _ src: UnsafePointer<UInt8>, _ dst: UnsafeMutablePointer<UInt8>, width: Int, height: Int, upsideDown: Bool
    ) {
        let rowBytes = width * 3
        for y in 0 ..< height {
            let from = src + y * rowBytes
            let to = dst + (upsideDown ? height - 1 - y : y) * rowBytes
            var i = 0
            var j = rowBytes - 3
            while i < rowBytes {
                to[j] = from[i]
                to[j + 1] = from[i + 1]
                to[j + 2] = from[i + 2]
                i += 3
                j -= 3
            }
        }
    }

    /// Writes source pixel (sx, sy) to output column `dx` and row `dy` of a height × width
    /// output, where `dx` is `sy` (or `height − 1 − sy` when `reverseRows`) and `dy` is `sx`
    /// (or `width − 1 − sx` when `reverseColumns`). Works in tiles to stay in cache.
    private static func swapAxes(
        _ src: UnsafePointer<UInt8>, _ dst: UnsafeMutablePointer<UInt8>, width: Int, height: Int,
        reverseRows: Bool, reverseColumns: Bool
    ) {
        let tile = 32
        let outRowBytes = height * 3
        for tileY in stride(from: 0, to: height, by: tile) {
            let yEnd = min(tileY + tile, height)
            for tileX in stride(from: 0, to: width, by: tile) {
                let xEnd = min(tileX + tile, width)
                for sy in tileY ..< yEnd {
                    let dx = reverseRows ? height - 1 - sy : sy
                    let from = src + (sy * width + tileX) * 3
                    var to = (reverseColumns ? width - 1 - tileX : tileX) * outRowBytes + dx * 3
                    let step = reverseColumns ? -outRowBytes : outRowBytes
                    var i = 0
                    for _ in tileX ..< xEnd {
                        dst[to] = from[i]
                        dst[to + 1] = from[i + 1]
                        dst[to + 2] = from[i + 2]
                        i += 3
                        to += step
                    }
                }
            }
        }
    }
}
