import PalimpsestCore

/// A single-channel `Float` image owned by the local-feature pipeline: row-major, no padding.
///
/// A class around one allocation so that the pyramid's many planes are created once per
/// extraction and read through raw pointers, with no per-pixel bounds checks or copies.
final class FloatPlane {
    /// Width in pixels.
    let width: Int
    /// Height in pixels.
    let height: Int
    /// `width * height` values, rows top to bottom.
    let pixels: UnsafeMutablePointer<Float>

    /// Allocates a plane filled with zeros.
    convenience init(width: Int, height: Int) {
        self.init(uninitializedWidth: width, height: height)
        pixels.initialize(repeating: 0, count: max(1, width * height))
    }

    /// Allocates a plane whose every pixel the caller writes before reading any.
    init(uninitializedWidth width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = .allocate(capacity: max(1, width * height))
    }

    deinit {
        pixels.deallocate()
    }

    /// The first value of row `y`.
    @inline(__always)
    func row(_ y: Int) -> UnsafeMutablePointer<Float> {
        pixels + y * width
    }

    /// The value at column `x`, row `y` (no bounds check).
    @inline(__always)
    subscript(x: Int, y: Int) -> Float {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Every other pixel of every other row: a 2× decimation without filtering, for a plane
    /// that is already blurred enough.
    func decimated() -> FloatPlane {
        let out = FloatPlane(uninitializedWidth: max(1, width / 2), height: max(1, height / 2))
        for y in 0 ..< out.height {
            let source = row(2 * y), target = out.row(y)
            for x in 0 ..< out.width { target[x] = source[2 * x] }
        }
        return out
    }

    /// `self - other`, pixel by pixel, into a new plane of the same size.
    func subtracting(_ other: FloatPlane) -> FloatPlane {
        let out = FloatPlane(uninitializedWidth: width, height: height)
        let a = pixels, b = other.pixels, c = out.pixels
        for i in 0 ..< width * height { c[i] = a[i] - b[i] }
        return out
    }
}
