internal import CPalimpsestCodecs
import PalimpsestCore

/// Decodes PNG through libpng's classic API (via the setjmp trampolines in `CPalimpsestCodecs`).
///
/// All bit depths and colour types, palettes with `tRNS`, and Adam7 interlacing are supported.
/// Pixels match Pillow's `convert("RGB")` (alpha dropped) for every 8-bit or lower file and for
/// 16-bit colour files: 16-bit samples are cut to their high byte, and gAMA, cHRM, sRGB and iCCP
/// are ignored, as Pillow ignores them. One known difference: Pillow opens 16-bit grayscale as
/// mode `I;16` and its RGB conversion clips values above 255 to white, where this decoder also
/// takes the high byte.
enum PNGDecoder {
    /// The IHDR fields, read directly so that the pixel limit is enforced before libpng runs.
    struct Header {
        var width: Int
        var height: Int
    }

    /// Reads IHDR, which the PNG specification requires to be the first chunk.
    static func header(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> Header {
        // 8-byte signature, then length (4) "IHDR" (4) width (4) height (4) …
        guard bytes.count >= 24 else { throw .truncated("the PNG ends before its IHDR header") }
        func u32(_ i: Int) -> Int {
            Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
        }
        guard u32(8) == 13, bytes[12] == 0x49, bytes[13] == 0x48, bytes[14] == 0x44, bytes[15] == 0x52 else {
            throw .corrupt("the PNG does not start with an IHDR chunk")
        }
        let header = Header(width: u32(16), height: u32(20))
        guard header.width > 0, header.height > 0, header.width <= Int(Int32.max), header.height <= Int(Int32.max)
        else { throw .corrupt("the PNG header declares \(header.width) × \(header.height) pixels") }
        return header
    }

    /// Decodes the whole image at full resolution, then applies `transform`.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, options: DecodeOptions, transform: Dihedral
    ) throws(DecodeError) -> DecodedPixels {
        let ihdr = try header(bytes)
        guard ihdr.width * ihdr.height <= options.maxPixels else {
            throw .tooManyPixels(width: ihdr.width, height: ihdr.height, limit: options.maxPixels)
        }
        let reader = try Reader(bytes)
        var info = pal_png_header()
        try reader.check(pal_png_read_info(reader.handle, &info))
        let (width, height) = (Int(info.width), Int(info.height))
        guard width == ihdr.width, height == ihdr.height else { throw .corrupt("the PNG header is inconsistent") }
        let hadAlpha = info.has_alpha != 0

        var channels: Int32 = 0
        var rowBytes = 0
        let keepAlpha = hadAlpha && options.alpha == .compositeOnWhite
        try reader.check(pal_png_start(reader.handle, keepAlpha ? 1 : 0, &channels, &rowBytes))
        guard channels == 3 || channels == 4, rowBytes == width * Int(channels) else {
            throw .unsupported("This PNG's layout (\(channels) channels after conversion) is not supported")
        }

        var failure: DecodeError?
        let pixels = [UInt8](unsafeUninitializedCapacity: rowBytes * height) { buffer, initialized in
            let base = buffer.baseAddress!
            let rows = (0 ..< height).map { Optional(base + $0 * rowBytes) }
            let status = rows.withUnsafeBufferPointer { pal_png_read_image(reader.handle, $0.baseAddress) }
            do throws(DecodeError) {
                try reader.check(status)
            } catch {
                failure = error
            }
            if failure == nil, channels == 4 {
                PixelKernels.rgbaToRGB(base, base, count: width * height, alpha: options.alpha)
            }
            initialized = width * height * 3
        }
        if let failure { throw failure }
        return DecodedPixels(
            raster: Raster(width: width, height: height, bytes: pixels).transformed(by: transform),
            width: width, height: height, hadAlpha: hadAlpha, warnings: reader.warnings)
    }

    /// Owns one `pal_png` for the length of a decode.
    private final class Reader {
        let handle: OpaquePointer

        /// `bytes` must outlive the reader: libpng reads from it until the last row.
        init(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodeError) {
            guard let handle = pal_png_create(bytes.baseAddress, bytes.count) else {
                throw .corrupt("the PNG decoder could not allocate its state (out of memory)")
            }
            self.handle = handle
        }

        deinit { pal_png_destroy(handle) }

        /// Distinct warnings libpng emitted so far.
        var warnings: [String] {
            String(cString: pal_png_warnings(handle)).split(separator: "\n").map(String.init)
        }

        func check(_ status: pal_status) throws(DecodeError) {
            guard status != PAL_OK else { return }
            let message = String(cString: pal_png_error_message(handle))
            switch status {
            case PAL_TRUNCATED: throw .truncated("PNG: \(message)")
            case PAL_UNSUPPORTED: throw .unsupported("This PNG uses a variant that is not supported (\(message))")
            default: throw .corrupt("PNG: \(message)")
            }
        }
    }
}
