/// Pillow's `Image.resize(size, Image.LANCZOS)` for 8-bit grey images, reproduced exactly.
///
/// As in Pillow 13's `ImagingResampleInner`: two passes, each rounding and clipping to 8 bits
/// with 22-bit fixed-point weights. The horizontal pass goes first, over only the rows the
/// vertical pass reads, unless the height shrinks by more than twice as many pixels as the
/// width, in which case the vertical pass goes first. A pass whose axis keeps its size is
/// skipped, and an unchanged size is a copy. The horizontal pass runs on eight rows at once
/// from the band layout of ``GrayImage``; the vertical pass on eight columns at once.
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

    /// Pillow's `clip8`: the fixed-point sum shifted down and clamped to 0…255.
    @inline(__always)
    static func clip8(_ sum: Int32) -> UInt8 {
        UInt8(clamping: sum &>> Int32(LanczosCoefficients.precisionBits))
    }

    /// The rounding term every sum starts from.
    static let half = Int32(1) << Int32(LanczosCoefficients.precisionBits - 1)

    /// Horizontal pass over rows `rows`, eight rows per step, into a row-major buffer of
    /// `rows.count` rows of `coefficients.first.count` bytes. Eight outputs of the eight rows
    /// are transposed together so that each row gets eight bytes in one store.
    private static func resampleRows(
        _ image: GrayImage, rows: Range<Int>, coefficients: LanczosCoefficients,
        into target: UnsafeMutablePointer<UInt8>
    ) {
        typealias Lanes = SIMD8<Int32>
        let outputWidth = coefficients.first.count
        let bandHeight = GrayImage.bandHeight
        coefficients.weights.withUnsafeBufferPointer { weights in
            @inline(__always) func column(_ band: UnsafeRawPointer, _ o: Int) -> SIMD8<UInt8> {
                var sum = Lanes(repeating: half)
                var pixels = band + coefficients.first[o] &* bandHeight
                var weight = weights.baseAddress! + coefficients.offset[o]
                for _ in 0 ..< coefficients.count[o] {
                    sum &+= Lanes(truncatingIfNeeded: pixels.loadUnaligned(as: SIMD8<UInt8>.self))
                        &* Lanes(repeating: weight.pointee)
                    pixels += bandHeight
                    weight += 1
                }
                return clip8(sum)
            }
            for bandIndex in rows.lowerBound / bandHeight ..< (rows.upperBound + bandHeight - 1) / bandHeight {
                let band = UnsafeRawPointer(image.band(bandIndex))
                let y0 = bandIndex * bandHeight
                let lanes = max(rows.lowerBound, y0) - y0 ..< min(rows.upperBound, y0 + bandHeight) - y0
                let rowStart = target + (y0 - rows.lowerBound) * outputWidth
                let blocks = outputWidth / bandHeight
                for block in 0 ..< blocks {
                    let o = block * bandHeight
                    var v = (
                        column(band, o), column(band, o + 1), column(band, o + 2), column(band, o + 3),
                        column(band, o + 4), column(band, o + 5), column(band, o + 6), column(band, o + 7)
                    )
                    BandTranspose.transpose(&v)
                    withUnsafeBytes(of: &v) { block in
                        for lane in lanes {
                            UnsafeMutableRawPointer(rowStart + lane * outputWidth + o)
                                .copyMemory(from: block.baseAddress! + lane * bandHeight, byteCount: bandHeight)
                        }
                    }
                }
                for o in blocks * bandHeight ..< outputWidth {
                    let values = column(band, o)
                    for lane in lanes { rowStart[lane * outputWidth + o] = values[lane] }
                }
            }
        }
    }

    /// Pillow's `clip8` on eight sums.
    @inline(__always)
    private static func clip8(_ sum: SIMD8<Int32>) -> SIMD8<UInt8> {
        let shifted = sum &>> Int32(LanczosCoefficients.precisionBits)
        return SIMD8<UInt8>(truncatingIfNeeded: shifted.clamped(lowerBound: .zero, upperBound: SIMD8(repeating: 255)))
    }

    /// Vertical pass: `source` holds rows `firstRow…` of `width` bytes; writes
    /// `coefficients.first.count` rows, eight columns at a time.
    private static func resampleColumns(
        _ source: UnsafePointer<UInt8>, width: Int, firstRow: Int, coefficients: LanczosCoefficients,
        into target: UnsafeMutablePointer<UInt8>
    ) {
        typealias Lanes = SIMD8<Int32>
        let chunks = width / 8
        coefficients.weights.withUnsafeBufferPointer { weights in
            for o in 0 ..< coefficients.first.count {
                let top = UnsafeRawPointer(source + (coefficients.first[o] - firstRow) * width)
                let taps = weights.baseAddress! + coefficients.offset[o]
                let count = coefficients.count[o]
                let out = UnsafeMutableRawPointer(target + o * width)
                for chunk in 0 ..< chunks {
                    var sum = Lanes(repeating: half)
                    var row = top + chunk * 8
                    for t in 0 ..< count {
                        sum &+= Lanes(truncatingIfNeeded: row.loadUnaligned(as: SIMD8<UInt8>.self))
                            &* Lanes(repeating: taps[t])
                        row += width
                    }
                    out.storeBytes(of: clip8(sum), toByteOffset: chunk * 8, as: SIMD8<UInt8>.self)
                }
                for x in chunks * 8 ..< width {
                    var sum = half
                    for t in 0 ..< count {
                        sum &+= Int32(top.load(fromByteOffset: t * width + x, as: UInt8.self)) &* taps[t]
                    }
                    out.storeBytes(of: clip8(sum), toByteOffset: x, as: UInt8.self)
                }
            }
        }
    }
}
