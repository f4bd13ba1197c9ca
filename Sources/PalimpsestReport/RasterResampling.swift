import PalimpsestCore
import PalimpsestMatch

/// Resizing and warping of rasters for report pictures: box-filtered shrinking, then
/// bilinear sampling, so that large images scale down without aliasing.
enum RasterResampling {
    /// `raster` scaled so that its long side is at most `longSide` (never enlarged).
    static func fitted(_ raster: Raster, longSide: Int) -> Raster {
        let long = max(raster.width, raster.height)
        guard long > longSide, longSide > 0 else { return raster }
        let factor = long / longSide
        let shrunk = factor >= 2 ? self.shrunk(raster, by: factor) : raster
        let scale = Double(longSide) / Double(long)
        let width = max(1, Int((Double(raster.width) * scale).rounded()))
        let height = max(1, Int((Double(raster.height) * scale).rounded()))
        let sx = Double(shrunk.width) / Double(width), sy = Double(shrunk.height) / Double(height)
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0 ..< height {
            for x in 0 ..< width {
                let sample = bilinear(shrunk, (Double(x) + 0.5) * sx - 0.5, (Double(y) + 0.5) * sy - 0.5, clampToEdge: true)!
                let i = (y * width + x) * 3
                (bytes[i], bytes[i + 1], bytes[i + 2]) = sample
            }
        }
        return Raster(width: width, height: height, bytes: bytes)
    }

    /// `raster` shrunk by an integer factor, each output pixel the mean of a `factor`×`factor` block.
    static func shrunk(_ raster: Raster, by factor: Int) -> Raster {
        guard factor > 1 else { return raster }
        let width = max(1, raster.width / factor), height = max(1, raster.height / factor)
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        for y in 0 ..< height {
            for x in 0 ..< width {
                var sum = (0, 0, 0), count = 0
                for sy in y * factor ..< min(raster.height, (y + 1) * factor) {
                    for sx in x * factor ..< min(raster.width, (x + 1) * factor) {
                        let p = raster.pixel(x: sx, y: sy)
                        sum = (sum.0 + Int(p.r), sum.1 + Int(p.g), sum.2 + Int(p.b))
                        count += 1
                    }
                }
                let i = (y * width + x) * 3, c = max(1, count)
                (bytes[i], bytes[i + 1], bytes[i + 2]) = (UInt8((sum.0 + c / 2) / c), UInt8((sum.1 + c / 2) / c), UInt8((sum.2 + c / 2) / c))
            }
        }
        return Raster(width: width, height: height, bytes: bytes)
    }

    /// The colour at a fractional pixel position (pixel centres at integers), or `nil` outside
    /// the raster unless `clampToEdge`.
    static func bilinear(_ raster: Raster, _ x: Double, _ y: Double, clampToEdge: Bool = false) -> (UInt8, UInt8, UInt8)? {
        let maxX = Double(raster.width - 1), maxY = Double(raster.height - 1)
        guard clampToEdge || (x >= -0.5 && y >= -0.5 && x <= maxX + 0.5 && y <= maxY + 0.5) else { return nil }
        let cx = min(maxX, max(0, x)), cy = min(maxY, max(0, y))
        let x0 = Int(cx), y0 = Int(cy)
        let x1 = min(raster.width - 1, x0 + 1), y1 = min(raster.height - 1, y0 + 1)
        let fx = cx - Double(x0), fy = cy - Double(y0)
        func channel(_ k: Int) -> UInt8 {
            func at(_ px: Int, _ py: Int) -> Double { Double(raster.bytes[(py * raster.width + px) * 3 + k]) }
            let top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx
            let bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx
            return UInt8(min(255, max(0, (top * (1 - fy) + bottom * fy).rounded())))
        }
        return (channel(0), channel(1), channel(2))
    }

    /// `reference` mapped into a `width`×`height` frame through `frameToReference`, which maps
    /// unit coordinates of the frame to unit coordinates of the reference. Also returns which
    /// pixels the reference covers; the others are a grey chequerboard.
    static func warped(_ reference: Raster, into width: Int, _ height: Int,
                       frameToReference h: Homography) -> (raster: Raster, covered: [Bool]) {
        let scale = referencePixelsPerFramePixel(reference, width, height, h)
        let source = scale >= 2 ? shrunk(reference, by: Int(scale)) : reference
        let (rw, rh) = (Double(source.width), Double(source.height))
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        var covered = [Bool](repeating: false, count: width * height)
        for y in 0 ..< height {
            for x in 0 ..< width {
                let i = y * width + x
                if let p = h.apply((Double(x) + 0.5) / Double(width), (Double(y) + 0.5) / Double(height)),
                   let sample = bilinear(source, p.x * rw - 0.5, p.y * rh - 0.5) {
                    (bytes[i * 3], bytes[i * 3 + 1], bytes[i * 3 + 2]) = sample
                    covered[i] = true
                } else {
                    let shade: UInt8 = ((x / 8 + y / 8) % 2 == 0) ? 206 : 232
                    (bytes[i * 3], bytes[i * 3 + 1], bytes[i * 3 + 2]) = (shade, shade, shade)
                }
            }
        }
        return (Raster(width: width, height: height, bytes: bytes), covered)
    }

    /// How many reference pixels one frame pixel spans at the frame's centre.
    private static func referencePixelsPerFramePixel(_ reference: Raster, _ width: Int, _ height: Int, _ h: Homography) -> Double {
        let (cx, cy, dx, dy) = (0.5, 0.5, 1 / Double(width), 1 / Double(height))
        guard let p = h.apply(cx, cy), let px = h.apply(cx + dx, cy), let py = h.apply(cx, cy + dy) else { return 1 }
        let (rw, rh) = (Double(reference.width), Double(reference.height))
        let a = ((px.x - p.x) * rw, (px.y - p.y) * rh), b = ((py.x - p.x) * rw, (py.y - p.y) * rh)
        return abs(a.0 * b.1 - a.1 * b.0).squareRoot()
    }
}
