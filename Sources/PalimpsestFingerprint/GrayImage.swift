import PalimpsestCore

/// An 8-bit grey image held in two layouts: row-major, and in *bands* of eight rows with the
/// rows' pixels interleaved, pixel (x, y) at `(y / 8) · width · 8 + x · 8 + y % 8`.
///
/// In the band layout one unaligned 8-byte load gives a column of eight rows, so a filter along
/// the rows runs on eight rows at once in SIMD lanes; in the row-major layout a filter down the
/// columns runs on consecutive pixels. Both are padded with zero rows to a multiple of eight.
final class GrayImage {
    /// Rows per band.
    static let bandHeight = 8

    /// Width in pixels.
    let width: Int
    /// Height in pixels.
    let height: Int
    /// Number of bands, `ceil(height / 8)`.
    let bandCount: Int
    /// `bandCount · 8` rows of `width` bytes.
    let rows: UnsafeMutablePointer<UInt8>
    /// `bandCount · width · 8` bytes in the band layout.
    private let bands: UnsafeMutablePointer<UInt8>

    /// Allocates a zeroed image; fill it with ``row(_:)`` and ``interleave(band:)``.
    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bandCount = (height + Self.bandHeight - 1) / Self.bandHeight
        let count = bandCount * width * Self.bandHeight
        rows = .allocate(capacity: count)
        rows.initialize(repeating: 0, count: count)
        bands = .allocate(capacity: count)
    }

    /// Copies `height` rows of `width` bytes and builds the band layout.
    convenience init(width: Int, height: Int, copying source: UnsafePointer<UInt8>) {
        self.init(width: width, height: height)
        rows.update(from: source, count: width * height)
        for band in 0 ..< bandCount { interleave(band: band) }
    }

    deinit {
        rows.deallocate()
        bands.deallocate()
    }

    /// The first byte of row `y` in the row-major layout.
    @inline(__always)
    func row(_ y: Int) -> UnsafeMutablePointer<UInt8> {
        rows + y * width
    }

    /// The first byte of band `band` in the band layout.
    @inline(__always)
    func band(_ band: Int) -> UnsafePointer<UInt8> {
        UnsafePointer(bands + band * width * Self.bandHeight)
    }

    /// Builds band `index` of the band layout from its eight rows, in 8×8 blocks (see
    /// ``BandTranspose/transpose(_:)``).
    func interleave(band index: Int) {
        typealias Lanes = SIMD8<UInt8>
        let source = UnsafeRawPointer(row(index * Self.bandHeight))
        let target = UnsafeMutableRawPointer(bands + index * width * Self.bandHeight)
        let blocks = width / Self.bandHeight
        for block in 0 ..< blocks {
            let x = block * Self.bandHeight
            @inline(__always) func load(_ k: Int) -> Lanes {
                source.loadUnaligned(fromByteOffset: k * width + x, as: Lanes.self)
            }
            var v = (load(0), load(1), load(2), load(3), load(4), load(5), load(6), load(7))
            BandTranspose.transpose(&v)
            withUnsafeBytes(of: &v) { block in
                (target + x * Self.bandHeight).copyMemory(from: block.baseAddress!, byteCount: block.count)
            }
        }
        let first = row(index * Self.bandHeight)
        let out = bands + index * width * Self.bandHeight
        for x in blocks * Self.bandHeight ..< width {
            for k in 0 ..< Self.bandHeight { out[x * Self.bandHeight + k] = first[k * width + x] }
        }
    }
}
