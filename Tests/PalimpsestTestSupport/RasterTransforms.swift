import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint

/// Geometric edits of rasters for tests: crops, rescales, rotations, mirrors and pastes, each
/// with exactly known geometry, plus a loader for the committed sample corpus.
public enum RasterTransforms {
    /// Decodes `Corpora/sample/corpus/<name>`.
    public static func sample(_ name: String) throws -> Raster {
        try ImageDecoder().decode(contentsOf: Fixtures.samplePath(name)).raster
    }

    /// Writes the sample `name` rescaled by `scale` and re-encoded as a JPEG of `quality` to
    /// `url`: a plain copy of a corpus image, as a query.
    public static func writeRescaledSample(_ name: String, scale: Double, quality: Int, to url: URL) throws {
        let original = try sample(name)
        let copy = resized(original, width: Int(Double(original.width) * scale), height: Int(Double(original.height) * scale))
        try Data(JPEGEncoder.encode(copy, quality: quality)).write(to: url)
    }

    /// The `width`×`height` region whose top-left pixel is `(x, y)`.
    public static func cropped(_ raster: Raster, x: Int, y: Int, width: Int, height: Int) -> Raster {
        raster.cropped(to: PixelRect(x: x, y: y, width: width, height: height))
    }

    /// `raster` resampled bilinearly to `width`×`height` (pixel centres aligned, so a point
    /// `p` moves to `(p + 0.5) * scale - 0.5`).
    public static func resized(_ raster: Raster, width: Int, height: Int) -> Raster {
        let sx = Double(raster.width) / Double(width), sy = Double(raster.height) / Double(height)
        return mapped(raster, width: width, height: height, background: (0, 0, 0)) { x, y in
            ((x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5)
        }
    }

    /// `raster` turned by `degrees` about its centre (positive turns +x towards +y, clockwise
    /// on screen), on a canvas of the same size; uncovered corners are `background`.
    public static func rotated(_ raster: Raster, degrees: Double, background: (UInt8, UInt8, UInt8) = (255, 255, 255)) -> Raster {
        let angle = degrees * .pi / 180, c = cos(angle), s = sin(angle)
        let cx = Double(raster.width - 1) / 2, cy = Double(raster.height - 1) / 2
        return mapped(raster, width: raster.width, height: raster.height, background: background) { x, y in
            let dx = x - cx, dy = y - cy
            return (cx + c * dx + s * dy, cy - s * dx + c * dy)
        }
    }

    /// The left–right mirror image.
    public static func mirrored(_ raster: Raster) -> Raster {
        mapped(raster, width: raster.width, height: raster.height, background: (0, 0, 0)) { x, y in
            (Double(raster.width - 1) - x, y)
        }
    }

    /// `raster` seen through the projective map `sourceOf` (3×3, row-major), which takes each
    /// output pixel `(x, y, 1)` to the source point it shows; points outside are `background`.
    public static func warped(
        _ raster: Raster, width: Int, height: Int, sourceOf h: [Double], background: (UInt8, UInt8, UInt8) = (255, 255, 255)
    ) -> Raster {
        mapped(raster, width: width, height: height, background: background) { x, y in
            let w = h[6] * x + h[7] * y + h[8]
            return ((h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w)
        }
    }

    /// `background` with `patch` pasted so that its top-left pixel lands on `(x, y)`.
    public static func pasted(_ patch: Raster, into background: Raster, x: Int, y: Int) -> Raster {
        var out = background
        for row in 0 ..< patch.height where y + row >= 0 && y + row < background.height {
            for column in 0 ..< patch.width where x + column >= 0 && x + column < background.width {
                let target = ((y + row) * background.width + x + column) * 3, source = (row * patch.width + column) * 3
                for k in 0 ..< 3 { out.bytes[target + k] = patch.bytes[source + k] }
            }
        }
        return out
    }

    /// A `width`×`height` raster whose pixel `(x, y)` is `raster` sampled bilinearly at
    /// `source(x, y)`, or `background` outside it.
    static func mapped(
        _ raster: Raster, width: Int, height: Int, background: (UInt8, UInt8, UInt8),
        source: (Double, Double) -> (Double, Double)
    ) -> Raster {
        var bytes = [UInt8](repeating: 0, count: width * height * 3)
        let fill = [background.0, background.1, background.2]
        for y in 0 ..< height {
            for x in 0 ..< width {
                let (u, v) = source(Double(x), Double(y))
                let target = (y * width + x) * 3
                guard u >= 0, v >= 0, u <= Double(raster.width - 1), v <= Double(raster.height - 1) else {
                    for k in 0 ..< 3 { bytes[target + k] = fill[k] }
                    continue
                }
                let x0 = min(raster.width - 2, Int(u)), y0 = min(raster.height - 2, Int(v))
                let fx = u - Double(x0), fy = v - Double(y0)
                for k in 0 ..< 3 {
                    func at(_ px: Int, _ py: Int) -> Double { Double(raster.bytes[(py * raster.width + px) * 3 + k]) }
                    let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
                    let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
                    bytes[target + k] = UInt8(min(255, max(0, top * (1 - fy) + bottom * fy + 0.5)))
                }
            }
        }
        return Raster(width: width, height: height, bytes: bytes)
    }
}
