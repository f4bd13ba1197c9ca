/// An 8-bit sRGB image held in memory: interleaved R, G, B, row-major, no padding.
///
/// Every decoder produces a `Raster` and every fingerprint reads one. Alpha never reaches a
/// raster: decoders composite it onto white (or drop it, for reference-exact hashing).
///
/// ```swift
/// let gray = Raster(width: 2, height: 1, bytes: [0, 0, 0, 255, 255, 255])
/// gray.pixel(x: 1, y: 0)  // (255, 255, 255)
/// ```
public struct Raster: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 3` bytes: R, G, B for each pixel, rows top to bottom.
    public var bytes: [UInt8]

    /// Creates a raster from interleaved RGB bytes.
    ///
    /// - Precondition: `bytes.count == width * height * 3`.
    public init(width: Int, height: Int, bytes: [UInt8]) {
        precondition(width >= 0 && height >= 0 && bytes.count == width * height * 3,
                     "Raster needs width * height * 3 bytes")
        self.width = width
        self.height = height
        self.bytes = bytes
    }

    /// Creates a raster filled with one colour.
    public init(width: Int, height: Int, filledWith rgb: (UInt8, UInt8, UInt8)) {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for i in stride(from: 0, to: bytes.count, by: 3) {
            bytes[i] = rgb.0
            bytes[i + 1] = rgb.1
            bytes[i + 2] = rgb.2
        }
        self.init(width: width, height: height, bytes: bytes)
    }

    /// Number of pixels.
    public var pixelCount: Int { width * height }

    /// The colour at column `x`, row `y`.
    public func pixel(x: Int, y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let i = (y * width + x) * 3
        return (bytes[i], bytes[i + 1], bytes[i + 2])
    }
}
