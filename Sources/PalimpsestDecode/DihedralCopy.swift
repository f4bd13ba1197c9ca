import PalimpsestCore

/// Copies bands of rows of an RGB image to where one of the eight symmetries puts them.
///
/// Working by bands lets a decoder place each strip of freshly decoded rows straight into the
/// upright raster, instead of decoding the whole image and transforming it afterwards (which
/// costs a second full-size buffer and a pass over memory).
enum DihedralCopy {
    /// Copies `rows` of a `width × height` image, given as a band starting at row
    /// `rows.lowerBound`, into `destination`, the whole transformed image (height × width when
    /// the transform swaps axes).
    static func copy(
        band: UnsafePointer<UInt8>, rows: Range<Int>, width: Int, height: Int,
        transform: Dihedral, into destination: UnsafeMutablePointer<UInt8>
    ) {
        let rowBytes = width * 3
        switch transform {
        case .original:
            (destination + rows.lowerBound * rowBytes).update(from: band, count: rows.count * rowBytes)
        case .flipY:
            for y in rows {
                (destination + (height - 1 - y) * rowBytes).update(from: band + (y - rows.lowerBound) * rowBytes, count: rowBytes)
            }
        case .flipX:
            mirrorRows(band, rows: rows, width: width, height: height, upsideDown: false, into: destination)
        case .rotate180:
            mirrorRows(band, rows: rows, width: width, height: height, upsideDown: true, into: destination)
        case .flipPlus1:
            swapAxes(band, rows: rows, width: width, height: height, reverseRows: false, reverseColumns: false, into: destination)
        case .rotate90:
            swapAxes(band, rows: rows, width: width, height: height, reverseRows: false, reverseColumns: true, into: destination)
        case .rotate270:
            swapAxes(band, rows: rows, width: width, height: height, reverseRows: true, reverseColumns: false, into: destination)
        case .flipMinus1:
            swapAxes(band, rows: rows, width: width, height: height, reverseRows: true, reverseColumns: true, into: destination)
        }
    }

    /// Mirrors each row left to right, writing it to the same row or to the mirrored one.
    private static func mirrorRows(
        _ band: UnsafePointer<UInt8>, rows: Range<Int>, width: Int, height: Int, upsideDown: Bool,
        into destination: UnsafeMutablePointer<UInt8>
    ) {
        let rowBytes = width * 3
        for y in rows {
            let from = band + (y - rows.lowerBound) * rowBytes
            let to = destination + (upsideDown ? height - 1 - y : y) * rowBytes
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

    /// Writes source pixel (sx, sy) to column `dx`, row `dy` of the height × width output, where
    /// `dx` is `sy` (`height − 1 − sy` when `reverseRows`) and `dy` is `sx` (`width − 1 − sx`
    /// when `reverseColumns`). Works in tiles so that the scattered writes stay in cache.
    private static func swapAxes(
        _ band: UnsafePointer<UInt8>, rows: Range<Int>, width: Int, height: Int,
        reverseRows: Bool, reverseColumns: Bool, into destination: UnsafeMutablePointer<UInt8>
    ) {
        let tile = 32
        let outRowBytes = height * 3
        let step = reverseColumns ? -outRowBytes : outRowBytes
        for tileY in stride(from: rows.lowerBound, to: rows.upperBound, by: tile) {
            let yEnd = min(tileY + tile, rows.upperBound)
            for tileX in stride(from: 0, to: width, by: tile) {
                let xEnd = min(tileX + tile, width)
                for sy in tileY ..< yEnd {
                    let dx = reverseRows ? height - 1 - sy : sy
                    let from = band + ((sy - rows.lowerBound) * width + tileX) * 3
                    var to = (reverseColumns ? width - 1 - tileX : tileX) * outRowBytes + dx * 3
                    var i = 0
                    for _ in tileX ..< xEnd {
                        destination[to] = from[i]
                        destination[to + 1] = from[i + 1]
                        destination[to + 2] = from[i + 2]
                        i += 3
                        to += step
                    }
                }
            }
        }
    }
}
