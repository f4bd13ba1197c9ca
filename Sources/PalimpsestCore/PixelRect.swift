
/// A rectangle of a raster, in pixels: `x ..< x + width`, `y ..< y + height`.
public struct PixelRect: Sendable, Equatable, Hashable {
    /// Left column.
    public var x: Int
    /// Top row.
    public var y: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// Creates a rectangle.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Pixels covered.
    public var area: Int { width * height }

    /// Area of the overlap with `other` divided by the area of the union.
    public func overlap(_ other: PixelRect) -> Double {
        let w = min(x + width, other.x + other.width) - max(x, other.x)
        let h = min(y + height, other.y + other.height) - max(y, other.y)
        guard w > 0, h > 0 else { return 0 }
        let shared = Double(w * h)
        return shared / (Double(area + other.area) - shared)
    }
}

extension Raster {
    /// The pixels inside `rect`, which must lie within the raster.
    public func cropped(to rect: PixelRect) -> Raster {
        precondition(rect.x >= 0 && rect.y >= 0 && rect.width > 0 && rect.height > 0
            && rect.x + rect.width <= width && rect.y + rect.height <= height, "crop outside the raster")
        var out = [UInt8](repeating: 0, count: rect.area * 3)
        for row in 0 ..< rect.height {
            let source = ((rect.y + row) * width + rect.x) * 3
            out.replaceSubrange(row * rect.width * 3 ..< (row + 1) * rect.width * 3,
                                with: bytes[source ..< source + rect.width * 3])
        }
        return Raster(width: rect.width, height: rect.height, bytes: out)
    }
}
