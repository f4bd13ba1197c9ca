/// An 8-bit grey image stored in bands of eight rows with the rows' pixels interleaved:
/// pixel (x, y) is at `(y / 8) · width · 8 + x · 8 + y % 8`.
///
/// In this layout one unaligned 8-byte load gives a column of eight rows, so a filter along
/// the rows can run on eight rows at once in SIMD lanes. Rows past the bottom of the image in
/// the last band are zero.
final class GrayBands {
    /// Rows per band.
    static let bandHeight = 8

    /// Width in pixels.
    let width: Int
    /// Height in pixels.
    let height: Int
    /// Number of bands, `ceil(height / 8)`.
    let bandCount: Int
    /// `bandCount · width · 8` bytes.
    let storage: UnsafeMutablePointer<UInt8>

    /// Allocates a zeroed image.
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bandCount = (height + Self.bandHeight - 1) / Self.bandHeight
        let count = bandCount * width * Self.bandHeight
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
    }

    deinit {
        storage.deallocate()
    }

    /// The first byte of band `band`.
    @inline(__always)
    func band(_ band: Int) -> UnsafeMutablePointer<UInt8> {
        storage + band * width * Self.bandHeight
    }

    /// The pixel at column `x`, row `y`.
    subscript(x: Int, y: Int) -> UInt8 {
        band(y / Self.bandHeight)[x * Self.bandHeight + y % Self.bandHeight]
    }

    /// Fills band `index` from eight consecutive rows of `width` bytes each, starting at `rows`.
    ///
    /// Works in 8×8 blocks (see ``BandTranspose/transpose(_:)``).
    func setBand(_ index: Int, rows: UnsafePointer<UInt8>) {
        typealias Lanes = SIMD8<UInt8>
        let target = UnsafeMutableRawPointer(band(index))
        let source = UnsafeRawPointer(rows)
        let blocks = width / Self.bandHeight
        for block in 0 ..< blocks {
            let x = block * Self.bandHeight
            @inline(__always) func row(_ k: Int) -> Lanes {
                source.loadUnaligned(fromByteOffset: k * width + x, as: Lanes.self)
            }
            var v = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
            BandTranspose.transpose(&v)
            let out = target + x * Self.bandHeight
            out.storeBytes(of: SIMD32(lowHalf: SIMD16(lowHalf: v.0, highHalf: v.1), highHalf: SIMD16(lowHalf: v.2, highHalf: v.3)), as: SIMD32<UInt8>.self)
            out.storeBytes(
                of: SIMD32(lowHalf: SIMD16(lowHalf: v.4, highHalf: v.5), highHalf: SIMD16(lowHalf: v.6, highHalf: v.7)),
                toByteOffset: 32, as: SIMD32<UInt8>.self
            )
        }
        let bandStart = band(index)
        for x in blocks * Self.bandHeight ..< width {
            for k in 0 ..< Self.bandHeight { bandStart[x * Self.bandHeight + k] = rows[k * width + x] }
        }
    }

    /// Copies row `y` into `target` (`width` bytes).
    func copyRow(_ y: Int, into target: UnsafeMutablePointer<UInt8>) {
        let source = band(y / Self.bandHeight) + y % Self.bandHeight
        for x in 0 ..< width { target[x] = source[x * Self.bandHeight] }
    }
}
