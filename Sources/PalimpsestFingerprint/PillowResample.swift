/// Pillow's `Image.resize(size, Image.LANCZOS)` for 8-bit grey images, reproduced exactly.
///
/// As in `ImagingResampleInner`: a horizontal pass over only the rows the vertical pass reads,
/// then a vertical pass; each pass rounds and clips to 8 bits with 22-bit fixed-point weights.
/// A pass whose axis keeps its size is skipped, and an unchanged size is a copy. The
/// horizontal pass runs on eight rows at once from ``GrayBands``.
enum PillowResample {
    /// Resizes `image` to `width` × `height`.
    ///
    /// - Returns: `width · height` bytes, row-major.
    /// - Precondition: the image and the target size are non-empty.
    static func resize(_ image: GrayBands, width: Int, height: Int) -> [UInt8] {
        precondition(image.width > 0 && image.height > 0 && width > 0 && height > 0, "empty image")
        let horizontal = width != image.width ? LanczosCoefficients(inputSize: image.width, outputSize: width) : nil
        let vertical = height != image.height ? LanczosCoefficients(inputSize: image.height, outputSize: height) : nil
        let rows = vertical.map { $0.lowestInput ..< $0.inputEnd } ?? 0 ..< image.height
        let intermediateWidth = horizontal == nil ? image.width : width

        var intermediate = [UInt8](repeating: 0, count: rows.count * intermediateWidth)
        intermediate.withUnsafeMutableBufferPointer { target in
            if let horizontal {
                resampleRows(image, rows: rows, coefficients: horizontal, into: target.baseAddress!)
            } else {
                for y in rows { image.copyRow(y, into: target.baseAddress! + (y - rows.lowerBound) * image.width) }
            }
        }
        guard let vertical else { return intermediate }

        var output = [UInt8](repeating: 0, count: width * height)
        intermediate.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                resampleColumns(
                    source.baseAddress!, width: width, firstRow: rows.lowerBound,
                    coefficients: vertical, into: target.baseAddress!
                )
            }
        }
        return output
    }

    /// Pillow's `clip8`: the fixed-point sum shifted down and clamped to 0…255.
    @inline(__always)
    static func clip8(_ sum: Int32) -> UInt8 {
        UInt8(clamping: sum &>> Int32(LanczosCoefficients.precisionBits))
    }

    /// The rounding term every sum starts from.
    static let half = Int32(1) << Int32(LanczosCoefficients.precisionBits - 1)

    /// Horizontal pass over rows `rows`, eight rows per step, into a row-major buffer of
    /// `rows.count` rows of `coefficients.first.count` bytes.
    private static func resampleRows(
        _ image: GrayBands, rows: Range<Int>, coefficients: LanczosCoefficients,
        into target: UnsafeMutablePointer<UInt8>
    ) {
        typealias Lanes = SIMD8<Int32>
        let outputWidth = coefficients.first.count
        let bandHeight = GrayBands.bandHeight
        coefficients.weights.withUnsafeBufferPointer { weights in
            for bandIndex in rows.lowerBound / bandHeight ..< (rows.upperBound + bandHeight - 1) / bandHeight {
                let band = UnsafeRawPointer(image.band(bandIndex))
                let y0 = bandIndex * bandHeight
                let lanes = max(rows.lowerBound, y0) - y0 ..< min(rows.upperBound, y0 + bandHeight) - y0
                for o in 0 ..< outputWidth {
                    var sum = Lanes(repeating: half)
                    var column = band + coefficients.first[o] * bandHeight
                    var weight = weights.baseAddress! + coefficients.offset[o]
                    for _ in 0 ..< coefficients.count[o] {
                        let pixels = Lanes(truncatingIfNeeded: column.loadUnaligned(as: SIMD8<UInt8>.self))
                        sum &+= pixels &* Lanes(repeating: weight.pointee)
                        column += bandHeight
                        weight += 1
                    }
                    for lane in lanes {
                        target[(y0 + lane - rows.lowerBound) * outputWidth + o] = clip8(sum[lane])
                    }
                }
            }
        }
    }

    /// Vertical pass: `source` holds rows `firstRow…` of `width` bytes; writes
    /// `coefficients.first.count` rows.
    private static func resampleColumns(
        _ source: UnsafePointer<UInt8>, width: Int, firstRow: Int, coefficients: LanczosCoefficients,
        into target: UnsafeMutablePointer<UInt8>
    ) {
        let sums = UnsafeMutablePointer<Int32>.allocate(capacity: width)
        defer { sums.deallocate() }
        coefficients.weights.withUnsafeBufferPointer { weights in
            for o in 0 ..< coefficients.first.count {
                sums.update(repeating: half, count: width)
                for t in 0 ..< coefficients.count[o] {
                    let row = source + (coefficients.first[o] + t - firstRow) * width
                    let weight = weights[coefficients.offset[o] + t]
                    for x in 0 ..< width { sums[x] &+= Int32(row[x]) &* weight }
                }
                let out = target + o * width
                for x in 0 ..< width { out[x] = clip8(sums[x]) }
            }
        }
    }
}
