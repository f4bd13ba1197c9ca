import PalimpsestCore

/// Finds rectangles that look pasted into an image: axis-aligned boxes whose sides are long,
/// straight luma steps, as a pasted photo, icon or crop leaves behind.
///
/// Whole-image features under-represent a small pasted region (it gets few of the keypoints,
/// at scales too small to match the reference), so the regions found here are described again
/// on their own, enlarged (see ``LocalFeatureExtractor/describe(regions:of:)``).
///
/// ```swift
/// for rect in RegionProposer().propose(in: raster) { print(rect) }
/// ```
public struct RegionProposer: Codable, Sendable, Equatable {
    /// The most regions returned.
    public var maxRegions: Int
    /// The long side, in pixels, the search works at.
    public var workingSize: Int
    /// The least luma step (0…1) a side pixel needs.
    public var edgeThreshold: Float
    /// The least share of a side's length that must be a step.
    public var sideSupport: Float

    /// Creates a proposer.
    ///
    /// - Parameters:
    ///   - maxRegions: the most regions returned (3 by default).
    ///   - workingSize: the long side searched at (256 by default).
    ///   - edgeThreshold: least luma step on a side (0.03 by default).
    ///   - sideSupport: least stepped share of three of the sides; the fourth may be weaker
    ///     (pasted white on white) but needs half of it (0.8 by default).
    public init(maxRegions: Int = 3, workingSize: Int = 256, edgeThreshold: Float = 0.03, sideSupport: Float = 0.8) {
        self.maxRegions = maxRegions
        self.workingSize = workingSize
        self.edgeThreshold = edgeThreshold
        self.sideSupport = sideSupport
    }

    /// Up to ``maxRegions`` rectangles, in raster pixels, best supported first. Each covers
    /// between 1% and 80% of the image and is at least 12 working pixels on a side.
    public func propose(in raster: Raster) -> [PixelRect] {
        guard raster.width >= 32, raster.height >= 32 else { return [] }
        let image = WorkingImage(raster, workingSize: workingSize, maxEnlargement: 1)
        let steps = StepMaps(image.plane, threshold: edgeThreshold)
        let minSide = 12
        let rows = steps.segments(horizontal: true, minLength: minSide)
        let columns = steps.segments(horizontal: false, minLength: minSide)
        let w = image.plane.width, h = image.plane.height
        var found: [(box: Box, support: Float)] = []
        // A side meets a perpendicular run only when the run starts near it (`meet`), so the
        // runs are looked up by where they start rather than scanned, in their original order.
        let columnsStarting = SegmentLookup(columns), rowsStarting = SegmentLookup(rows)
        var rowsNear: [Int: [Segment]] = [:]
        for top in rows {
            let nearTop = columnsStarting.starting(near: top.position)
            for left in nearTop where Self.meet(left.position, top.start) {
                let x0 = left.position, y0 = top.position
                var rights = [top.end], bottoms = [left.end]
                for c in nearTop where c.position >= x0 + minSide && c.position < top.end { rights.append(c.position) }
                let nearLeft = rowsNear[x0] ?? rowsStarting.starting(near: x0)
                rowsNear[x0] = nearLeft
                for r in nearLeft where r.position >= y0 + minSide && r.position < left.end { bottoms.append(r.position) }
                for x1 in rights.prefix(8) {
                    for y1 in bottoms.prefix(8) {
                        let box = Box(x0: x0, y0: y0, x1: x1, y1: y1)
                        guard x1 - x0 >= minSide, y1 - y0 >= minSide else { continue }
                        let share = Float((x1 - x0) * (y1 - y0)) / Float(w * h)
                        guard share >= 0.01, share <= 0.8, let support = steps.support(of: box, required: sideSupport) else { continue }
                        found.append((box, support * Float(x1 - x0 + y1 - y0)))
                    }
                }
            }
        }
        found.sort { $0.support > $1.support }
        var chosen: [PixelRect] = []
        for candidate in found {
            let rect = candidate.box.pixelRect(scaleX: image.scaleX, scaleY: image.scaleY, width: raster.width, height: raster.height)
            guard !chosen.contains(where: { $0.overlap(rect) > 0.5 }) else { continue }
            chosen.append(rect)
            if chosen.count == maxRegions { break }
        }
        return chosen
    }

    /// Whether a side at `line` and a perpendicular run starting at `start` can share a corner.
    private static func meet(_ line: Int, _ start: Int) -> Bool {
        start >= line - meetBefore && start <= line + meetAfter
    }

    /// How far before a side a perpendicular run may start and still meet it.
    fileprivate static let meetBefore = 4
    /// How far after a side a perpendicular run may start and still meet it.
    fileprivate static let meetAfter = 8
}

/// Runs grouped by the pixel they start at, to find those that can meet a side
/// (``RegionProposer/meet(_:_:)``) without scanning them all.
private struct SegmentLookup {
    let segments: [Segment]
    /// Indices into `segments` by start, ascending.
    let byStart: [Int: [Int]]

    init(_ segments: [Segment]) {
        self.segments = segments
        byStart = Dictionary(grouping: segments.indices, by: { segments[$0].start })
    }

    /// The runs that can meet a side at `line`, in their original order.
    func starting(near line: Int) -> [Segment] {
        var indices: [Int] = []
        for start in line - RegionProposer.meetBefore ... line + RegionProposer.meetAfter {
            indices += byStart[start] ?? []
        }
        return indices.sorted().map { segments[$0] }
    }
}

/// A box in working pixels: columns `x0 ... x1`, rows `y0 ... y1` are its sides.
private struct Box {
    var x0: Int, y0: Int, x1: Int, y1: Int

    func pixelRect(scaleX: Float, scaleY: Float, width: Int, height: Int) -> PixelRect {
        let left = max(0, Int((Float(x0) / scaleX).rounded()))
        let top = max(0, Int((Float(y0) / scaleY).rounded()))
        let right = min(width, Int((Float(x1 + 1) / scaleX).rounded()))
        let bottom = min(height, Int((Float(y1 + 1) / scaleY).rounded()))
        return PixelRect(x: left, y: top, width: max(1, right - left), height: max(1, bottom - top))
    }

    /// Side `k`: top, bottom, left or right. The bottom and right sides lie just outside the
    /// box's last row and column.
    func side(_ k: Int) -> Side {
        switch k {
        case 0: Side(isRow: true, line: y0, from: x0, to: x1)
        case 1: Side(isRow: true, line: y1 + 1, from: x0, to: x1)
        case 2: Side(isRow: false, line: x0, from: y0, to: y1)
        default: Side(isRow: false, line: x1 + 1, from: y0, to: y1)
        }
    }
}

/// A stretch of a row (or column) `line`, from `from` to `to` inclusive: a box's side, or a
/// line beside one.
private struct Side {
    var isRow: Bool, line: Int, from: Int, to: Int
}

/// A straight run of steps: along row (or column) `position`, from `start` to `end` inclusive.
private struct Segment {
    var position: Int, start: Int, end: Int
}

/// How much luma steps between neighbouring pixels, as a box side placed at each pixel sees
/// it. A side at row y may sit on either side of a horizontal edge (between rows y − 1 and y,
/// or y and y + 1), and a side at column x on either side of a vertical edge, so each takes the
/// larger of the two steps.
private struct StepMaps {
    let width: Int, height: Int
    let threshold: Float
    /// The step a horizontal side sees at each pixel, row after row.
    let rowSteps: [Float]
    /// The step a vertical side sees at each pixel, column after column (so that a column's
    /// steps are contiguous).
    let columnSteps: [Float]
    /// Running counts of the steps that reach the threshold: along each row (for horizontal
    /// sides, `width + 1` per row) and down each column (for vertical sides, `height + 1` per
    /// column), so the stepped share of any side is two lookups.
    let rowCounts: [Int32]
    let columnCounts: [Int32]

    init(_ plane: FloatPlane, threshold: Float) {
        let width = plane.width, height = plane.height
        self.width = width
        self.height = height
        self.threshold = threshold
        // `down[y][x]`: from row y to row y + 1; `across[y][x]`: from column x to x + 1.
        var down = [Float](repeating: 0, count: width * height), across = down
        var columnSteps = down
        let pixels = plane.pixels
        down.withUnsafeMutableBufferPointer { down in
            across.withUnsafeMutableBufferPointer { across in
                for y in 0 ..< height {
                    let here = pixels + y * width
                    if y + 1 < height {
                        for x in 0 ..< width { down[y * width + x] = abs(here[x + width] - here[x]) }
                    }
                    for x in 0 ..< width - 1 { across[y * width + x] = abs(here[x + 1] - here[x]) }
                }
                columnSteps.withUnsafeMutableBufferPointer { columnSteps in
                    for y in 0 ..< height {
                        for x in 0 ..< width { columnSteps[x * height + y] = max(across[y * width + x], x > 0 ? across[y * width + x - 1] : 0) }
                    }
                }
            }
        }
        var rowSteps = down
        rowSteps.withUnsafeMutableBufferPointer { rowSteps in
            for i in width ..< width * height { rowSteps[i] = max(down[i], down[i - width]) }
        }
        self.rowSteps = rowSteps
        self.columnSteps = columnSteps
        rowCounts = Self.runningCounts(rowSteps, lines: height, length: width, threshold: threshold)
        columnCounts = Self.runningCounts(columnSteps, lines: width, length: height, threshold: threshold)
    }

    /// For each of `lines` runs of `length` steps, `length + 1` running counts of the steps
    /// that reach `threshold`, from 0.
    private static func runningCounts(_ steps: [Float], lines: Int, length: Int, threshold: Float) -> [Int32] {
        var counts = [Int32](repeating: 0, count: lines * (length + 1))
        counts.withUnsafeMutableBufferPointer { counts in
            steps.withUnsafeBufferPointer { steps in
                for line in 0 ..< lines {
                    var total: Int32 = 0
                    for t in 0 ..< length {
                        if steps[line * length + t] >= threshold { total += 1 }
                        counts[line * (length + 1) + t + 1] = total
                    }
                }
            }
        }
        return counts
    }

    /// The step a side at (x, y) sees: along a row when `isRow`, else along a column.
    func step(horizontal isRow: Bool, _ x: Int, _ y: Int) -> Float {
        isRow ? rowSteps[y * width + x] : columnSteps[x * height + y]
    }

    /// Runs of steps at least `minLength` long and 80% stepped, allowing gaps of two pixels.
    func segments(horizontal isRow: Bool, minLength: Int) -> [Segment] {
        let lines = isRow ? height : width, length = isRow ? width : height
        var out: [Segment] = []
        for line in 1 ..< lines - 1 {
            var start = -1, last = -10, count = 0
            func close() {
                if start >= 0, last - start + 1 >= minLength, Float(count) >= 0.8 * Float(last - start + 1) {
                    out.append(Segment(position: line, start: start, end: last))
                }
            }
            for t in 0 ..< length {
                let on = (isRow ? step(horizontal: true, t, line) : step(horizontal: false, line, t)) >= threshold
                guard on else { continue }
                if t - last > 3 {
                    close()
                    start = t
                    count = 0
                }
                last = t
                count += 1
            }
            close()
        }
        return out
    }

    /// The mean stepped share of the sides of `box`, when each side is stepped along at least
    /// half of `required` of its length and three are sharp boundaries: stepped along at least
    /// `required` of it, with a median step at least twice that of the calmer of the lines three
    /// pixels to either side (a boundary between two pictures, not a line inside texture).
    func support(of box: Box, required: Float) -> Float? {
        // The stepped shares decide most boxes; medians are taken only for the sides that
        // can still make three sharp ones.
        var shares = SIMD4<Float>(), total: Float = 0
        for k in 0 ..< 4 {
            let side = box.side(k)
            let on = share(side)
            guard on >= required / 2 else { return nil }
            shares[k] = on
            total += on
        }
        var sharp = 0, possible = 0
        for k in 0 ..< 4 where shares[k] >= required { possible += 1 }
        for k in 0 ..< 4 where shares[k] >= required {
            guard sharp < 3, possible >= 3 else { break }
            let side = box.side(k)
            func beside(_ offset: Int) -> Side { Side(isRow: side.isRow, line: side.line + offset, from: side.from, to: side.to) }
            let median = medianStep(side)
            if medianStep(beside(-3), atMostHalfOf: median) || medianStep(beside(3), atMostHalfOf: median) {
                sharp += 1
            } else {
                possible -= 1
            }
        }
        return sharp >= 3 ? total / 4 : nil
    }

    /// Whether the median step along `side` (``medianStep(_:)``, 0 outside the image) is at
    /// most half of `limit`: whether more than half of its steps are, counted without sorting.
    func medianStep(_ side: Side, atMostHalfOf limit: Float) -> Bool {
        guard side.line >= 0, side.line < (side.isRow ? height : width) else { return 0 <= limit }
        let count = side.to - side.from + 1
        let start = side.line * (side.isRow ? width : height) + side.from
        var atMost = 0
        (side.isRow ? rowSteps : columnSteps).withUnsafeBufferPointer { steps in
            for step in steps[start ..< start + count] where 2 * step <= limit { atMost += 1 }
        }
        return atMost > count / 2
    }

    /// The median (the element at index `count / 2` sorted) of the steps along `side`; 0
    /// outside the image.
    func medianStep(_ side: Side) -> Float {
        guard side.line >= 0, side.line < (side.isRow ? height : width) else { return 0 }
        let count = side.to - side.from + 1
        let steps = side.isRow ? rowSteps : columnSteps
        let start = side.line * (side.isRow ? width : height) + side.from
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { buffer in
            steps.withUnsafeBufferPointer { steps in
                _ = buffer.initialize(from: steps[start ..< start + count])
            }
            return QuickSelect.element(at: count / 2, of: buffer)
        }
    }

    /// The share of the steps along `side` that reach the threshold; 0 outside the image.
    func share(_ side: Side) -> Float {
        guard side.line >= 0, side.line < (side.isRow ? height : width) else { return 0 }
        let count = side.isRow ? rowCounts[side.line * (width + 1) + side.to + 1] - rowCounts[side.line * (width + 1) + side.from]
                               : columnCounts[side.line * (height + 1) + side.to + 1] - columnCounts[side.line * (height + 1) + side.from]
        return Float(count) / Float(max(1, side.to - side.from + 1))
    }
}
