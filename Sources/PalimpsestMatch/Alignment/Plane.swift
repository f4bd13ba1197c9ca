import PalimpsestCore

/// A single-channel float image, the working material of aligned comparisons.
struct Plane {
    let width: Int
    let height: Int
    var values: [Float]

    init(width: Int, height: Int, values: [Float]) {
        self.width = width
        self.height = height
        self.values = values
    }

    init(width: Int, height: Int, fill: Float = 0) {
        self.init(width: width, height: height, values: [Float](repeating: fill, count: width * height))
    }

    subscript(x: Int, y: Int) -> Float {
        get { values[y * width + x] }
        set { values[y * width + x] = newValue }
    }

    /// Bilinear sample at a real position; `nil` outside the plane.
    func sample(_ x: Double, _ y: Double) -> Float? {
        guard x >= 0, y >= 0, x <= Double(width - 1), y <= Double(height - 1) else { return nil }
        let x0 = min(Int(x), width - 2 < 0 ? 0 : width - 2), y0 = min(Int(y), height - 2 < 0 ? 0 : height - 2)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let fx = Float(x - Double(x0)), fy = Float(y - Double(y0))
        let top = self[x0, y0] * (1 - fx) + self[x1, y0] * fx
        let bottom = self[x0, y1] * (1 - fx) + self[x1, y1] * fx
        return top * (1 - fy) + bottom * fy
    }
}

/// Luma and two opponent-colour planes of a raster, reduced by area averaging.
struct ColourPlanes {
    var luma: Plane
    var redGreen: Plane
    var yellowBlue: Plane
    /// Raster pixels per plane pixel, horizontally and vertically.
    let stepX: Double, stepY: Double

    /// Reduces `raster` so that its long side is at most `longSide` plane pixels.
    init(_ raster: Raster, longSide: Int) {
        let step = max(1, Double(max(raster.width, raster.height)) / Double(longSide))
        let w = max(1, Int((Double(raster.width) / step).rounded())), h = max(1, Int((Double(raster.height) / step).rounded()))
        let cellOfColumn = (0 ..< raster.width).map { min(w - 1, Int(Double($0) / step)) }
        let cellOfRow = (0 ..< raster.height).map { min(h - 1, Int(Double($0) / step)) }
        // Sums of whole bytes are exact in Float up to 2^24, so where no cell can hold more
        // than 2^24 / 255 pixels, summing them as integers gives the very same values, faster.
        let widest = Self.longestRun(cellOfColumn), tallest = Self.longestRun(cellOfRow)
        let (sums, counts) = widest * tallest * 255 <= 1 << 24
            ? Self.integerSums(raster, w: w, h: h, cellOfColumn: cellOfColumn, cellOfRow: cellOfRow)
            : Self.floatSums(raster, w: w, h: h, cellOfColumn: cellOfColumn, cellOfRow: cellOfRow)
        var luma = Plane(width: w, height: h), rg = Plane(width: w, height: h), yb = Plane(width: w, height: h)
        for cell in 0 ..< w * h {
            let n = max(1, counts[cell])
            let r = sums[cell * 3] / n, g = sums[cell * 3 + 1] / n, b = sums[cell * 3 + 2] / n
            luma.values[cell] = (r + g + b) / 3
            rg.values[cell] = r - g
            yb.values[cell] = (r + g) / 2 - b
        }
        self.luma = luma
        redGreen = rg
        yellowBlue = yb
        stepX = Double(raster.width) / Double(w)
        stepY = Double(raster.height) / Double(h)
    }

    /// The per-cell sums of each channel and the per-cell pixel counts, summed as integers:
    /// the rows of each row of cells added column by column, then the columns of each cell.
    static func integerSums(_ raster: Raster, w: Int, h: Int, cellOfColumn: [Int], cellOfRow: [Int]) -> ([Float], [Float]) {
        var sums = [Int](repeating: 0, count: w * h * 3), counts = [Int](repeating: 0, count: w * h)
        var spans: [(cell: Int, start: Int, end: Int)] = []
        var start = 0
        for x in stride(from: 1, through: raster.width, by: 1) where x == raster.width || cellOfColumn[x] != cellOfColumn[start] {
            spans.append((cellOfColumn[start], start, x))
            start = x
        }
        let rowLength = raster.width * 3
        var columns = [Int32](repeating: 0, count: rowLength)
        raster.bytes.withUnsafeBufferPointer { px in
            columns.withUnsafeMutableBufferPointer { columns in
                var y = 0
                while y < raster.height {
                    let cellRow = cellOfRow[y], firstRow = y
                    columns.update(repeating: 0)
                    while y < raster.height, cellOfRow[y] == cellRow {
                        let row = UnsafeBufferPointer(rebasing: px[y * rowLength ..< (y + 1) * rowLength])
                        for i in 0 ..< rowLength { columns[i] &+= Int32(row[i]) }
                        y += 1
                    }
                    let cellBase = cellRow * w
                    for span in spans {
                        var r = 0, g = 0, b = 0
                        for x in span.start ..< span.end {
                            r += Int(columns[3 * x])
                            g += Int(columns[3 * x + 1])
                            b += Int(columns[3 * x + 2])
                        }
                        let cell = cellBase + span.cell
                        sums[cell * 3] += r
                        sums[cell * 3 + 1] += g
                        sums[cell * 3 + 2] += b
                        counts[cell] += (span.end - span.start) * (y - firstRow)
                    }
                }
            }
        }
        return (sums.map(Float.init), counts.map(Float.init))
    }

    /// The per-cell sums of each channel and the per-cell pixel counts, summed as `Float` in
    /// raster order (for cells too large for ``integerSums(_:w:h:cellOfColumn:cellOfRow:)``).
    static func floatSums(_ raster: Raster, w: Int, h: Int, cellOfColumn: [Int], cellOfRow: [Int]) -> ([Float], [Float]) {
        var sums = [Float](repeating: 0, count: w * h * 3), counts = [Float](repeating: 0, count: w * h)
        raster.bytes.withUnsafeBufferPointer { px in
            for y in 0 ..< raster.height {
                var i = y * raster.width * 3
                for x in 0 ..< raster.width {
                    let cell = cellOfRow[y] * w + cellOfColumn[x]
                    sums[cell * 3] += Float(px[i])
                    sums[cell * 3 + 1] += Float(px[i + 1])
                    sums[cell * 3 + 2] += Float(px[i + 2])
                    counts[cell] += 1
                    i += 3
                }
            }
        }
        return (sums, counts)
    }

    /// The length of the longest run of equal values in a non-decreasing list.
    private static func longestRun(_ cells: [Int]) -> Int {
        var longest = 0, run = 0
        for (i, cell) in cells.enumerated() {
            run = i > 0 && cells[i - 1] == cell ? run + 1 : 1
            longest = max(longest, run)
        }
        return longest
    }

    /// The raster position of the centre of plane pixel `(u, v)`.
    func rasterPoint(_ u: Int, _ v: Int) -> (Double, Double) {
        ((Double(u) + 0.5) * stepX - 0.5, (Double(v) + 0.5) * stepY - 0.5)
    }

    /// The plane position of raster point `(x, y)`.
    func planePoint(_ x: Double, _ y: Double) -> (Double, Double) {
        ((x + 0.5) / stepX - 0.5, (y + 0.5) / stepY - 0.5)
    }
}
