import PalimpsestCore
internal import CPalimpsestKernels

/// Pillow's `Image.resize(size, Image.LANCZOS)` for 8-bit grey images, reproduced exactly.
///
/// As in Pillow 13's `ImagingResampleInner`: two passes, each rounding and clipping to 8 bits
/// with 22-bit fixed-point weights. The horizontal pass goes first, over only the rows the
/// vertical pass reads, unless the height shrinks by more than twice as many pixels as the
/// width, in which case the vertical pass goes first. A pass whose axis keeps its size is
/// skipped, and an unchanged size is a copy. The passes run in the C kernels (vectorised with
/// AVX2 where the processor has it): the horizontal one on eight rows at once from the band
/// layout of ``GrayImage``, the vertical one along the rows.
enum PillowResample {
    /// Resizes `image` to `width` × `height`.
    ///
    /// - Returns: `width · height` bytes, row-major.
    /// - Precondition: the image and the target size are non-empty.
    static func resize(_ image: GrayImage, width: Int, height: Int) -> [UInt8] {
        precondition(image.width > 0 && image.height > 0 && width > 0 && height > 0, "empty image")
        let shrink = (width: image.width - width, height: image.height - height)
        let horizontalFirst = !(shrink.height > 0 && shrink.height > shrink.width * 2)
        let horizontal = width != image.width ? LanczosCoefficients(inputSize: image.width, outputSize: width) : nil
        let vertical = height != image.height ? LanczosCoefficients(inputSize: image.height, outputSize: height) : nil

        guard horizontalFirst else {
            // The vertical pass on the whole image, then the horizontal pass on its rows.
            var output = [UInt8](repeating: 0, count: width * height)
            output.withUnsafeMutableBufferPointer { target in
                if let vertical, let horizontal {
                    let reduced = UnsafeMutablePointer<UInt8>.allocate(capacity: image.width * height)
                    defer { reduced.deallocate() }
                    resampleColumns(image.rows, width: image.width, firstRow: 0, coefficients: vertical, into: reduced)
                    let bands = GrayImage(width: image.width, height: height, copying: reduced)
                    resampleRows(bands, rows: 0 ..< height, coefficients: horizontal, into: target.baseAddress!)
                } else if let vertical {
                    resampleColumns(image.rows, width: width, firstRow: 0, coefficients: vertical, into: target.baseAddress!)
                }
            }
            return output
        }

        let rows = vertical.map { $0.lowestInput ..< $0.inputEnd } ?? 0 ..< image.height
        var intermediate = [UInt8](repeating: 0, count: rows.count * width)
        intermediate.withUnsafeMutableBufferPointer { target in
            if let horizontal {
                resampleRows(image, rows: rows, coefficients: horizontal, into: target.baseAddress!)
            } else {
                target.baseAddress!.update(from: image.row(rows.lowerBound), count: rows.count * width)
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

    /// Horizontal pass over rows `rows`, one band of eight rows at a time, into a row-major
    /// buffer of `rows.count` rows of `coefficients.first.count` bytes. The C kernel writes
    /// each band's outputs in the band layout; eight of its columns are transposed together so
    /// that each row gets eight bytes in one store.
    private static func resampleRows(
        _ image: GrayImage, rows: Range<Int>, coefficients: LanczosCoefficients,
        into target: UnsafeMutablePointer<UInt8>
    ) {
        let outputWidth = coefficients.first.count
        let bandHeight = GrayImage.bandHeight
        let columns = UnsafeMutablePointer<UInt8>.allocate(capacity: outputWidth * bandHeight)
        defer { columns.deallocate() }
        coefficients.withTaps { first, count, offset, weights in
            for bandIndex in rows.lowerBound / bandHeight ..< (rows.upperBound + bandHeight - 1) / bandHeight {
                pal_resample_band(image.band(bandIndex), outputWidth, first, count, offset, weights,
                                  Int32(LanczosCoefficients.precisionBits), columns)
                let y0 = bandIndex * bandHeight
                let lanes = max(rows.lowerBound, y0) - y0 ..< min(rows.upperBound, y0 + bandHeight) - y0
                let rowStart = target + (y0 - rows.lowerBound) * outputWidth
                let blocks = outputWidth / bandHeight
                for block in 0 ..< blocks {
                    let o = block * bandHeight
                    let column = { UnsafeRawPointer(columns + ($0 + o) * bandHeight).loadUnaligned(as: SIMD8<UInt8>.self) }
                    var v = (column(0), column(1), column(2), column(3), column(4), column(5), column(6), column(7))
                    BandTranspose.transpose(&v)
                    withUnsafeBytes(of: &v) { block in
                        for lane in lanes {
                            UnsafeMutableRawPointer(rowStart + lane * outputWidth + o)
                                .copyMemory(from: block.baseAddress! + lane * bandHeight, byteCount: bandHeight)
                        }
                    }
                }
                for o in blocks * bandHeight ..< outputWidth {
                    for lane in lanes { rowStart[lane * outputWidth + o] = columns[o * bandHeight + lane] }
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
        coefficients.withTaps { first, count, offset, weights in
            pal_resample_columns(source, width, firstRow, coefficients.first.count, first, count, offset, weights,
                                 Int32(LanczosCoefficients.precisionBits), target)
        }
    }
}
