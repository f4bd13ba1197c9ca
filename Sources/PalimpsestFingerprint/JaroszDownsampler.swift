import PalimpsestCore

/// PDQ's reduction of an image to 64×64 luma: float luma, two rounds of a box filter along rows
/// then columns (a Jarosz tent approximation), then point sampling at the cell centres.
///
/// The arithmetic is the reference's, operation for operation, so the result is bit-identical
/// to `pdqFloat256FromFloatLuma`'s 64×64 buffer. The image streams through in bands of eight
/// rows: the row filter runs on eight rows at once in SIMD lanes, the column filter keeps only
/// a window of rows, and the second round runs only on the 64 columns that are sampled.
enum JaroszDownsampler {
    /// Side of the output.
    static let side = 64

    /// Eight rows side by side, one per lane.
    typealias Band = BandTranspose.Lanes
    /// Rows per band.
    static let bandHeight = BandTranspose.height

    /// The reference's box window for a dimension reduced to 64: `(dimension + 127) / 128`.
    static func windowSize(_ dimension: Int) -> Int {
        (dimension + 2 * side - 1) / (2 * side)
    }

    /// The source index sampled for output index `o`: the cell centre, truncated.
    static func sampleIndex(_ o: Int, of dimension: Int) -> Int {
        Int(((Double(o) + 0.5) * Double(dimension)) / Double(side))
    }

    /// Writes the 64×64 luma of `raster`, row-major, into `output`.
    ///
    /// An image that is already 64×64 is copied unfiltered, as the reference does.
    ///
    /// - Precondition: both sides are at least 1 and `output` holds 4096 floats.
    static func downsample(_ raster: Raster, into output: UnsafeMutablePointer<Float>) {
        precondition(raster.width > 0 && raster.height > 0, "empty raster")
        raster.bytes.withUnsafeBufferPointer { pixels in
            let rgb = pixels.baseAddress!
            if raster.width == side && raster.height == side {
                for i in 0 ..< side * side { output[i] = luma(rgb + 3 * i) }
            } else {
                filterAndDecimate(rgb, width: raster.width, height: raster.height, into: output)
            }
        }
    }

    /// PDQ's luma: `0.299 R + 0.587 G + 0.114 B` in single precision.
    @inline(__always)
    static func luma(_ p: UnsafePointer<UInt8>) -> Float {
        Float(0.299) * Float(p[0]) + Float(0.587) * Float(p[1]) + Float(0.114) * Float(p[2])
    }

    private static func filterAndDecimate(
        _ rgb: UnsafePointer<UInt8>, width: Int, height: Int, into output: UnsafeMutablePointer<Float>
    ) {
        let rowWindow = windowSize(width)
        let columnWindow = windowSize(height)
        let sampledColumns = (0 ..< side).map { sampleIndex($0, of: width) }
        let sampledRows = (0 ..< side).map { sampleIndex($0, of: height) }

        let rows = UnsafeMutablePointer<Float>.allocate(capacity: width * bandHeight)
        let band = UnsafeMutablePointer<Float>.allocate(capacity: width * bandHeight)
        let filtered = UnsafeMutablePointer<Float>.allocate(capacity: width * bandHeight)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: width)
        let rowPointers = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: bandHeight)
        rows.initialize(repeating: 0, count: width * bandHeight)
        defer {
            rows.deallocate()
            band.deallocate()
            filtered.deallocate()
            scratch.deallocate()
            rowPointers.deallocate()
        }
        let firstColumns = ColumnBoxFilter(
            width: width, length: height, window: columnWindow, lookahead: bandHeight - 1
        )
        let secondColumns = ColumnBoxFilter(width: side, length: height, window: columnWindow)

        // Second round, column filter: keep the rows that are sampled.
        let keep: (Int, UnsafePointer<Float>) -> Void = { row, values in
            for (i, sampled) in sampledRows.enumerated() where sampled == row {
                (output + i * side).update(from: values, count: side)
            }
        }
        // The first round's output rows gather in `rows`; each full band gets the second
        // round's row filter, and its sampled columns go on to the second column filter.
        var pending = 0
        let flushBand = {
            for k in 0 ..< bandHeight { rowPointers[k] = rows + k * width }
            BandTranspose.interleave(rowPointers, width: width, into: band)
            boxAlongRows(band, filtered, length: width, window: rowWindow)
            for lane in 0 ..< pending {
                let target = secondColumns.rowBuffer(secondColumns.rowsCommitted)
                for (j, column) in sampledColumns.enumerated() { target[j] = filtered[column * bandHeight + lane] }
                secondColumns.commitRow(emit: keep)
            }
            pending = 0
        }
        let collect: (Int, UnsafePointer<Float>) -> Void = { _, values in
            (rows + pending * width).update(from: values, count: width)
            pending += 1
            if pending == bandHeight { flushBand() }
        }

        // First round: luma and the row filter on bands of eight rows, then the column filter.
        var y0 = 0
        while y0 < height {
            let count = min(bandHeight, height - y0)
            for k in 0 ..< bandHeight {
                rowPointers[k] = k < count ? firstColumns.rowBuffer(y0 + k) : scratch
                lumaRow(rgb + (y0 + min(k, count - 1)) * width * 3, width: width, into: rowPointers[k])
            }
            BandTranspose.interleave(rowPointers, width: width, into: band)
            boxAlongRows(band, filtered, length: width, window: rowWindow)
            BandTranspose.deinterleave(filtered, width: width, into: rowPointers)
            for _ in 0 ..< count { firstColumns.commitRow(emit: collect) }
            y0 += count
        }
        firstColumns.finish(emit: collect)
        if pending > 0 { flushBand() }
        secondColumns.finish(emit: keep)
    }

    /// Luma of one row of `width` RGB pixels.
    private static func lumaRow(_ source: UnsafePointer<UInt8>, width: Int, into target: UnsafeMutablePointer<Float>) {
        for x in 0 ..< width { target[x] = luma(source + 3 * x) }
    }

    /// The reference's `box1DFloat` along a row, on eight interleaved rows at once (one per
    /// lane): element `x` of lane `k` is at `x * 8 + k`.
    static func boxAlongRows(
        _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, length: Int, window: Int
    ) {
        let source = UnsafeRawPointer(input)
        let target = UnsafeMutableRawPointer(output)
        let stride = MemoryLayout<Band>.stride
        @inline(__always) func load(_ i: Int) -> Band { source.loadUnaligned(fromByteOffset: i * stride, as: Band.self) }
        @inline(__always) func store(_ value: Band, _ i: Int) {
            target.storeBytes(of: value, toByteOffset: i * stride, as: Band.self)
        }
        let half = (window + 2) / 2
        var sum = Band()
        var count = 0
        var ri = 0
        var li = 0
        var o = 0
        for _ in 0 ..< half - 1 {
            sum += load(ri)
            ri += 1
            count += 1
        }
        for _ in 0 ..< window - half + 1 {
            sum += load(ri)
            ri += 1
            count += 1
            store(sum / Band(repeating: Float(count)), o)
            o += 1
        }
        let full = Band(repeating: Float(count))
        for _ in 0 ..< max(0, length - window) {
            sum += load(ri)
            sum -= load(li)
            ri += 1
            li += 1
            store(sum / full, o)
            o += 1
        }
        for _ in 0 ..< half - 1 {
            sum -= load(li)
            li += 1
            count -= 1
            store(sum / Band(repeating: Float(count)), o)
            o += 1
        }
    }
}
