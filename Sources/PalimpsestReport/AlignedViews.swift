import PalimpsestCore
import PalimpsestMatch

/// The pictures that show a query and a reference lined up: the query scaled to fit a page,
/// the reference as received, the reference mapped into the query's frame, and a heatmap of
/// their brightness difference. All but the reference share the query's frame and size.
struct AlignedViews {
    /// The query, scaled so that its long side is at most the requested size.
    var query: Raster
    /// The reference as received, scaled likewise.
    var reference: Raster
    /// The reference mapped into the query's frame; uncovered pixels are a grey chequerboard.
    var alignedReference: Raster
    /// Brightness difference of query and aligned reference (dark: same, bright: different),
    /// over a faint copy of the query; uncovered pixels are a grey chequerboard.
    var difference: Raster

    /// Anchors of the heatmap's colour ramp, from no difference to a large one.
    static let ramp: [(Double, Double, Double)] = [(12, 7, 42), (90, 22, 110), (190, 55, 82), (249, 142, 9), (252, 253, 191)]
    /// The brightness difference (of 255) drawn at the top of the ramp.
    static let saturation = 96.0

    /// Lines `reference` up with `query` through `queryToReference` (unit coordinates).
    init(query fullQuery: Raster, reference fullReference: Raster, queryToReference: Homography, longSide: Int) {
        query = RasterResampling.fitted(fullQuery, longSide: longSide)
        reference = RasterResampling.fitted(fullReference, longSide: longSide)
        let (aligned, covered) = RasterResampling.warped(fullReference, into: query.width, query.height, frameToReference: queryToReference)
        alignedReference = aligned
        difference = Self.heatmap(query, aligned, covered)
    }

    private static func heatmap(_ a: Raster, _ b: Raster, _ covered: [Bool]) -> Raster {
        let (w, h) = (a.width, a.height)
        let la = blurred(luma(a), w, h), lb = blurred(luma(b), w, h)
        var bytes = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0 ..< h {
            for x in 0 ..< w {
                let i = y * w + x
                let colour: (Double, Double, Double)
                if covered[i] {
                    let heat = colourOf(min(1, abs(la[i] - lb[i]) / saturation))
                    let context = la[i] * 0.22
                    colour = (heat.0 * 0.78 + context, heat.1 * 0.78 + context, heat.2 * 0.78 + context)
                } else {
                    let shade = ((x / 8 + y / 8) % 2 == 0) ? 206.0 : 232.0
                    colour = (shade, shade, shade)
                }
                bytes[i * 3] = UInt8(min(255, max(0, colour.0.rounded())))
                bytes[i * 3 + 1] = UInt8(min(255, max(0, colour.1.rounded())))
                bytes[i * 3 + 2] = UInt8(min(255, max(0, colour.2.rounded())))
            }
        }
        return Raster(width: w, height: h, bytes: bytes)
    }

    private static func colourOf(_ t: Double) -> (Double, Double, Double) {
        let position = t * Double(ramp.count - 1)
        let i = min(ramp.count - 2, Int(position)), f = position - Double(i)
        let (p, q) = (ramp[i], ramp[i + 1])
        let red: Double = p.0 + (q.0 - p.0) * f
        let green: Double = p.1 + (q.1 - p.1) * f
        let blue: Double = p.2 + (q.2 - p.2) * f
        return (red, green, blue)
    }

    private static func luma(_ raster: Raster) -> [Double] {
        (0 ..< raster.pixelCount).map { (i: Int) -> Double in
            let red = Double(raster.bytes[i * 3]), green = Double(raster.bytes[i * 3 + 1]), blue = Double(raster.bytes[i * 3 + 2])
            return 0.299 * red + 0.587 * green + 0.114 * blue
        }
    }

    /// A 3×3 box blur, so that re-encoding noise and sub-pixel misalignment do not light up.
    private static func blurred(_ plane: [Double], _ w: Int, _ h: Int) -> [Double] {
        var out = plane
        for y in 0 ..< h {
            for x in 0 ..< w {
                var sum = 0.0, count = 0.0
                for yy in max(0, y - 1) ... min(h - 1, y + 1) {
                    for xx in max(0, x - 1) ... min(w - 1, x + 1) {
                        sum += plane[yy * w + xx]
                        count += 1
                    }
                }
                out[y * w + x] = sum / count
            }
        }
        return out
    }
}
