import PalimpsestCore
import PalimpsestFingerprint

/// Maps a reference onto a query with a known transform and measures, region by region, how
/// much of the picture agrees (see ``AlignmentMeasures``).
///
/// ```swift
/// let measures = AlignedComparator().compare(query: q, reference: r, queryToReference: match.homography)
/// ```
public struct AlignedComparator: Codable, Sendable, Equatable {
    /// Long side of the query's working grid.
    public var workingSize = 64
    /// Tiles per side of the similarity grid.
    public static let gridSide = 4

    /// Creates a comparator.
    public init() {}

    /// Compares `query` with `reference` mapped through `queryToReference` (query raster
    /// coordinates to reference raster coordinates).
    ///
    /// - Parameter region: where in the query the copy was found, as fractions of its size
    ///   (x0, y0, x1, y1); only that part is compared, at the working size over the part itself,
    ///   so that a copy pasted into another picture is judged on itself, not on the picture
    ///   around it, and a small one still gets a full tile grid. `nil` compares the whole overlap.
    public func compare(query: Raster, reference: Raster, queryToReference h: Homography, region: [Float]? = nil) -> AlignmentMeasures {
        compare(query: query, planes: nil, reference: reference, queryToReference: h, region: region)
    }

    /// The query's planes on the working grid: ``compare(query:planes:reference:queryToReference:region:)``
    /// takes them so that a query compared with several references is reduced once.
    func planes(of query: Raster) -> ColourPlanes {
        ColourPlanes(query, longSide: workingSize)
    }

    /// ``compare(query:reference:queryToReference:region:)`` with the whole query's planes
    /// already made, or `nil` to make them when needed.
    func compare(query: Raster, planes: ColourPlanes?, reference: Raster, queryToReference h: Homography, region: [Float]?) -> AlignmentMeasures {
        let whole = Extent(referenceCoverage: referenceCoverage(query: query, reference: reference, h),
                           queryToReference: h.inUnitCoordinates(from: (query.width, query.height), to: (reference.width, reference.height)).m)
        guard let region, region.count == 4 else { return measure(query: query, planes: planes, reference: reference, h, whole) }
        let (x0, y0, x1, y1) = Self.bounds(region, width: query.width, height: query.height)
        guard x1 - x0 >= 8, y1 - y0 >= 8 else { return measure(query: query, planes: planes, reference: reference, h, whole) }
        let box = PixelRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
        let shift = Homography.translation(x: Double(x0), y: Double(y0))
        var part = whole
        part.queryCoverage = queryCoverage(query: query, reference: reference, h)
        return measure(query: query.cropped(to: box), planes: nil, reference: reference, h.composed(after: shift), part)
    }

    /// What the measures say about the whole query, whichever part of it is compared.
    private struct Extent {
        var referenceCoverage: Float
        var queryToReference: [Double]
        /// Measured on a grid over the whole query when only a part is compared; `nil` to take
        /// it from the compared overlap.
        var queryCoverage: Float?
    }

    /// The measures over the whole of `query`, whose planes are `planes` when given.
    private func measure(query: Raster, planes: ColourPlanes?, reference: Raster, _ h: Homography, _ whole: Extent) -> AlignmentMeasures {
        let q = planes ?? self.planes(of: query)
        let (cx, cy) = (Double(query.width) / 2, Double(query.height) / 2)
        let scale = h.localScale(atX: cx, y: cy) * q.stepX
        let refLong = Double(max(reference.width, reference.height)) / max(scale, 1e-6)
        let r = ColourPlanes(reference, longSide: Int(min(512, max(8, refLong.rounded()))))

        let w = q.luma.width, hgt = q.luma.height
        var warped = q
        var mask = [Bool](repeating: false, count: w * hgt)
        var overlap = 0
        for v in 0 ..< hgt {
            for u in 0 ..< w {
                let (x, y) = q.rasterPoint(u, v)
                guard let p = h.apply(x, y) else { continue }
                let (pu, pv) = r.planePoint(p.x, p.y)
                guard let l = r.luma.sample(pu, pv), let a = r.redGreen.sample(pu, pv), let b = r.yellowBlue.sample(pu, pv) else { continue }
                overlap += 1
                let i = v * w + u
                mask[i] = true
                warped.luma.values[i] = l
                warped.redGreen.values[i] = a
                warped.yellowBlue.values[i] = b
            }
        }
        let tiles = tileSimilarities(q.luma, warped.luma, mask)
        let judged = tiles.compactMap { $0 }
        return AlignmentMeasures(
            structure: Statistics.correlation(q.luma.values, warped.luma.values, mask),
            edges: edgeAgreement(q.luma, warped.luma, mask),
            colour: colourAgreement(q, warped, mask),
            meanDifference: Statistics.meanAbsoluteDifference(q.luma.values, warped.luma.values, mask),
            tiles: tiles,
            matchedTileFraction: judged.isEmpty ? 0 : Float(judged.filter { $0 >= 0.5 }.count) / Float(judged.count),
            queryCoverage: whole.queryCoverage ?? Float(overlap) / Float(max(1, w * hgt)),
            referenceCoverage: whole.referenceCoverage,
            queryToReference: whole.queryToReference)
    }

    // MARK: - Measures

    private func tileSimilarities(_ a: Plane, _ b: Plane, _ mask: [Bool]) -> [Float?] {
        let n = Self.gridSide
        var out: [Float?] = []
        for ty in 0 ..< n {
            for tx in 0 ..< n {
                let x0 = tx * a.width / n, x1 = max(x0 + 1, (tx + 1) * a.width / n)
                let y0 = ty * a.height / n, y1 = max(y0 + 1, (ty + 1) * a.height / n)
                var xs: [Float] = [], ys: [Float] = []
                for y in y0 ..< min(y1, a.height) {
                    for x in x0 ..< min(x1, a.width) where mask[y * a.width + x] {
                        xs.append(a[x, y])
                        ys.append(b[x, y])
                    }
                }
                let area = (x1 - x0) * (y1 - y0)
                guard xs.count * 10 >= area * 6 else {
                    out.append(nil)
                    continue
                }
                out.append(Statistics.tileSimilarity(xs, ys))
            }
        }
        return out
    }

    private func edgeAgreement(_ a: Plane, _ b: Plane, _ mask: [Bool]) -> Float {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for y in 1 ..< max(1, a.height - 1) {
            for x in 1 ..< max(1, a.width - 1) {
                let i = y * a.width + x
                guard mask[i], mask[i - 1], mask[i + 1], mask[i - a.width], mask[i + a.width] else { continue }
                let ax = a.values[i + 1] - a.values[i - 1], ay = a.values[i + a.width] - a.values[i - a.width]
                let bx = b.values[i + 1] - b.values[i - 1], by = b.values[i + b.width] - b.values[i - b.width]
                dot += ax * bx + ay * by
                na += ax * ax + ay * ay
                nb += bx * bx + by * by
            }
        }
        guard na > 1e-3, nb > 1e-3 else { return 0 }
        return dot / (na * nb).squareRoot()
    }

    private func colourAgreement(_ q: ColourPlanes, _ w: ColourPlanes, _ mask: [Bool]) -> Float {
        let qs = q.redGreen.values + q.yellowBlue.values, ws = w.redGreen.values + w.yellowBlue.values
        let m2 = mask + mask
        let spreadQ = Statistics.spread(qs, m2), spreadW = Statistics.spread(ws, m2)
        if spreadQ < 4 && spreadW < 4 { return 1 }
        if spreadQ < 4 || spreadW < 4 { return 0 }
        return Statistics.correlation(qs, ws, m2)
    }

    /// Pixel bounds of a unit-coordinate region, widened on each side by 5% of its size (the
    /// inliers' box is a little smaller than the copied area).
    static func bounds(_ region: [Float], width: Int, height: Int) -> (Int, Int, Int, Int) {
        let mx = 0.05 * (region[2] - region[0]), my = 0.05 * (region[3] - region[1])
        let x0 = Int(((region[0] - mx) * Float(width)).rounded(.down)), x1 = Int(((region[2] + mx) * Float(width)).rounded(.up))
        let y0 = Int(((region[1] - my) * Float(height)).rounded(.down)), y1 = Int(((region[3] + my) * Float(height)).rounded(.up))
        return (max(0, x0), max(0, y0), max(max(0, x0) + 1, min(width, x1)), max(max(0, y0) + 1, min(height, y1)))
    }

    /// The box, as fractions (x0, y0, x1, y1) of the query's size, of the cells of a 32×32 grid
    /// over the query whose centres map inside the reference: where the transform puts the reference.
    func overlapRegion(query: Raster, reference: Raster, queryToReference h: Homography) -> [Float] {
        let n = Float(Self.coverageGrid)
        return cells(of: query, mappingInto: reference, h).reduce(into: [1, 1, 0, 0]) { box, cell in
            box = [min(box[0], Float(cell.i) / n), min(box[1], Float(cell.j) / n),
                   max(box[2], Float(cell.i + 1) / n), max(box[3], Float(cell.j + 1) / n)]
        }
    }

    /// The fraction of a 32×32 grid over the query that maps inside the reference.
    private func queryCoverage(query: Raster, reference: Raster, _ h: Homography) -> Float {
        Float(cells(of: query, mappingInto: reference, h).count) / Float(Self.coverageGrid * Self.coverageGrid)
    }

    /// The fraction of a 32×32 grid over the reference that maps inside the query.
    private func referenceCoverage(query: Raster, reference: Raster, _ h: Homography) -> Float {
        guard let back = h.inverse else { return 0 }
        return Float(cells(of: reference, mappingInto: query, back).count) / Float(Self.coverageGrid * Self.coverageGrid)
    }

    /// Cells per side of the grid that coverages and the overlap are measured on.
    private static let coverageGrid = 32

    /// The cells (column, row) of a ``coverageGrid``-sided grid over `image` whose centres `h`
    /// maps inside `target`.
    private func cells(of image: Raster, mappingInto target: Raster, _ h: Homography) -> [(i: Int, j: Int)] {
        let n = Self.coverageGrid
        var out: [(i: Int, j: Int)] = []
        for j in 0 ..< n {
            for i in 0 ..< n {
                let x = (Double(i) + 0.5) * Double(image.width) / Double(n)
                let y = (Double(j) + 0.5) * Double(image.height) / Double(n)
                if let p = h.apply(x, y), p.x >= 0, p.y >= 0, p.x < Double(target.width), p.y < Double(target.height) {
                    out.append((i, j))
                }
            }
        }
        return out
    }
}
