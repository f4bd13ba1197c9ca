internal import CPalimpsestCodecs
import PalimpsestCore

/// Decodes JPEG through libjpeg-turbo (via the setjmp trampolines in `CPalimpsestCodecs`).
///
/// Baseline, progressive, arithmetic-coded, grayscale, RGB, YCbCr, CMYK and YCCK files with
/// 8-bit samples are supported. Output is bit-identical to Pillow's: at full scale to
/// `Image.open(f).convert("RGB")`, and at 1/2, 1/4 and 1/8 to the same after `Image.draft`.
/// Like Pillow, four-channel files are read as Adobe-inverted CMYK whether or not they carry an
/// Adobe APP14 marker (nearly all CMYK JPEGs come from Adobe software and do).
enum JPEGDecoder {
    /// Rows decoded per call when rows go through a strip buffer (CMYK conversion, orientation).
    private static let stripRows = 16

    /// Width and height from the frame header, without decoding.
    static func header(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> (width: Int, height: Int) {
        let decompressor = try Decompressor()
        let header = try decompressor.readHeader(bytes)
        return (Int(header.width), Int(header.height))
    }

    /// Decodes the whole image at the scale `options` asks for, placing rows where `transform`
    /// puts them as they are decoded.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, options: DecodeOptions, transform: Dihedral
    ) throws(DecodeError) -> DecodedPixels {
        let decompressor = try Decompressor()
        let header = try decompressor.readHeader(bytes)
        let (width, height) = (Int(header.width), Int(header.height))
        guard header.precision == 8 else {
            throw .unsupported("This is a \(header.precision)-bit JPEG, and only 8-bit JPEG is supported")
        }
        guard width > 0, height > 0 else { throw .corrupt("the JPEG frame header declares no pixels") }
        guard width.multipliedReportingOverflow(by: height).partialValue <= options.maxPixels else {
            throw .tooManyPixels(width: width, height: height, limit: options.maxPixels)
        }
        let cmyk = header.components == 4
        let denominator = options.scaleDenominator(width: width, height: height)
        let (outWidth, outHeight) = try decompressor.start(scaleDenominator: denominator, cmyk: cmyk)

        let pixelCount = outWidth * outHeight
        var failure: DecodeError?
        let bytes = [UInt8](unsafeUninitializedCapacity: pixelCount * 3) { buffer, initialized in
            initialized = pixelCount * 3  // UInt8 is trivial; every byte is written unless we throw below
            let base = buffer.baseAddress!
            do throws(DecodeError) {
                if cmyk || transform != .original {
                    try decompressor.readStrips(into: base, width: outWidth, height: outHeight, cmyk: cmyk, transform: transform)
                } else {
                    try decompressor.readRGB(into: base, width: outWidth, height: outHeight)
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        decompressor.finish()
        let raster = transform.swapsAxes
            ? Raster(width: outHeight, height: outWidth, bytes: bytes)
            : Raster(width: outWidth, height: outHeight, bytes: bytes)
        return DecodedPixels(
            raster: raster, width: width, height: height, scaleDenominator: denominator,
            hadAlpha: false, warnings: decompressor.warnings)
    }

    /// Owns one `pal_jpeg` for the length of a decode.
    private final class Decompressor {
        let handle: OpaquePointer

        init() throws(DecodeError) {
            guard let handle = pal_jpeg_create() else {
                throw .corrupt("the JPEG decoder could not allocate its state (out of memory)")
            }
            self.handle = handle
        }

        deinit { pal_jpeg_destroy(handle) }

        /// An error libjpeg raised after the last row, kept as a warning.
        private var finishError: String?

        /// Distinct warnings libjpeg emitted so far.
        var warnings: [String] {
            let emitted = String(cString: pal_jpeg_warnings(handle)).split(separator: "\n").map(String.init)
            return emitted + (finishError.map { [$0] } ?? [])
        }

        func readHeader(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> pal_jpeg_header {
            var header = pal_jpeg_header()
            try check(pal_jpeg_read_header(handle, bytes.baseAddress, bytes.count, &header))
            return header
        }

        func start(scaleDenominator: Int, cmyk: Bool) throws(DecodeError) -> (Int, Int) {
            var width: UInt32 = 0
            var height: UInt32 = 0
            var components: Int32 = 0
            try check(pal_jpeg_start(handle, Int32(scaleDenominator), cmyk ? 1 : 0, &width, &height, &components))
            guard components == (cmyk ? 4 : 3), width > 0, height > 0 else {
                throw .unsupported("This JPEG's colour layout (\(components) output channels) is not supported")
            }
            return (Int(width), Int(height))
        }

        /// Decodes straight into the raster, one row pointer per row.
        func readRGB(into base: UnsafeMutablePointer<UInt8>, width: Int, height: Int) throws(DecodeError) {
            let rows = (0 ..< height).map { Optional(base + $0 * width * 3) }
            var done: UInt32 = 0
            try rows.withUnsafeBufferPointer { (rows) throws(DecodeError) in
                try check(pal_jpeg_read_lines(handle, rows.baseAddress, UInt32(height), &done))
            }
            guard Int(done) == height else { throw .corrupt("libjpeg stopped after \(done) of \(height) rows") }
        }

        /// Decodes a few rows at a time into a small buffer, converts them from CMYK when needed,
        /// and copies them to where `transform` puts them.
        func readStrips(
            into base: UnsafeMutablePointer<UInt8>, width: Int, height: Int, cmyk: Bool, transform: Dihedral
        ) throws(DecodeError) {
            let stripRows = JPEGDecoder.stripRows
            let channels = cmyk ? 4 : 3
            let decoded = UnsafeMutablePointer<UInt8>.allocate(capacity: width * channels * stripRows)
            defer { decoded.deallocate() }
            // CMYK needs a second strip for the RGB conversion, unless rows land in place.
            let rgb = cmyk && transform != .original
                ? UnsafeMutablePointer<UInt8>.allocate(capacity: width * 3 * stripRows) : nil
            defer { rgb?.deallocate() }
            let rows = (0 ..< stripRows).map { Optional(decoded + $0 * width * channels) }
            var y = 0
            while y < height {
                var done: UInt32 = 0
                let wanted = UInt32(min(stripRows, height - y))
                try rows.withUnsafeBufferPointer { (rows) throws(DecodeError) in
                    try check(pal_jpeg_read_lines(handle, rows.baseAddress, wanted, &done))
                }
                guard done > 0 else { throw .corrupt("libjpeg stopped after \(y) of \(height) rows") }
                let count = Int(done)
                var band = UnsafePointer(decoded)
                if cmyk {
                    let target = rgb ?? base + y * width * 3
                    PixelKernels.invertedCMYKToRGB(decoded, target, count: count * width)
                    band = UnsafePointer(target)
                }
                if transform != .original || !cmyk {
                    DihedralCopy.copy(
                        band: band, rows: y ..< y + count, width: width, height: height,
                        transform: transform, into: base)
                }
                y += count
            }
        }

        /// Reads to the end of the image; problems there are kept as warnings, since every
        /// pixel has already been produced.
        func finish() {
            if pal_jpeg_finish(handle) != PAL_OK {
                finishError = String(cString: pal_jpeg_error_message(handle))
            }
        }

        private func check(_ status: pal_status) throws(DecodeError) {
            guard status != PAL_OK else { return }
            let message = String(cString: pal_jpeg_error_message(handle))
            switch status {
            case PAL_TRUNCATED: throw .truncated("JPEG: \(message)")
            case PAL_UNSUPPORTED: throw .unsupported("This JPEG uses a variant that is not supported (\(message))")
            case PAL_NO_MEMORY: throw .corrupt("libjpeg ran out of memory: \(message)")
            default: throw .corrupt("JPEG: \(message)")
            }
        }
    }
}
