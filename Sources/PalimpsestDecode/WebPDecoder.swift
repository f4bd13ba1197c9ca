internal import CPalimpsestLibWebP
import PalimpsestCore

/// Decodes WebP through libwebp: lossy, lossless, with or without alpha; of an animation, the
/// first frame, composed on its canvas as Pillow shows it.
///
/// Always decoded at full resolution: libwebp's scaled decoding still decodes every pixel and
/// then resamples, so it saves nothing.
enum WebPDecoder {
    /// The bitstream's declared features.
    struct Features {
        var width: Int
        var height: Int
        var hasAlpha: Bool
        var isAnimated: Bool
    }

    /// Reads the RIFF and VP8/VP8L/VP8X headers without decoding.
    static func header(_ bytes: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> Features {
        var features = WebPBitstreamFeatures()
        try check(pal_webp_get_features(bytes.baseAddress, bytes.count, &features), stage: "header")
        let result = Features(
            width: Int(features.width), height: Int(features.height),
            hasAlpha: features.has_alpha != 0, isAnimated: features.has_animation != 0)
        guard result.width > 0, result.height > 0 else {
            throw .corrupt("the WebP header declares \(result.width) × \(result.height) pixels")
        }
        return result
    }

    /// Decodes the image (or an animation's first frame), then applies `transform`.
    static func decode(
        _ bytes: UnsafeBufferPointer<UInt8>, options: DecodeOptions, transform: Dihedral
    ) throws(DecodeError) -> DecodedPixels {
        var pixels = try decodeStored(bytes, options: options)
        pixels.raster = pixels.raster.transformed(by: transform)
        return pixels
    }

    /// Decodes the image (or an animation's first frame) as stored.
    private static func decodeStored(
        _ bytes: UnsafeBufferPointer<UInt8>, options: DecodeOptions
    ) throws(DecodeError) -> DecodedPixels {
        let features = try header(bytes)
        guard features.width * features.height <= options.maxPixels else {
            throw .tooManyPixels(width: features.width, height: features.height, limit: options.maxPixels)
        }
        if features.isAnimated {
            return try decodeFirstFrame(bytes, features: features, alpha: options.alpha)
        }
        let (outWidth, outHeight) = (features.width, features.height)
        let withAlpha = features.hasAlpha && options.alpha == .compositeOnWhite
        let channels = withAlpha ? 4 : 3

        var config = WebPDecoderConfig()
        guard pal_webp_init_config(&config) != 0 else { throw .unsupported("This libwebp build is incompatible") }
        config.options.use_threads = 0
        config.output.colorspace = withAlpha ? MODE_RGBA : MODE_RGB
        config.output.is_external_memory = 1

        var status = VP8_STATUS_OK
        let pixels = [UInt8](unsafeUninitializedCapacity: outWidth * outHeight * channels) { buffer, initialized in
            config.output.u.RGBA.rgba = buffer.baseAddress
            config.output.u.RGBA.stride = Int32(outWidth * channels)
            config.output.u.RGBA.size = buffer.count
            status = WebPDecode(bytes.baseAddress, bytes.count, &config)
            WebPFreeDecBuffer(&config.output)
            if status == VP8_STATUS_OK, withAlpha {
                let base = buffer.baseAddress!
                PixelKernels.rgbaToRGB(base, base, count: outWidth * outHeight, alpha: .compositeOnWhite)
            }
            initialized = outWidth * outHeight * 3
        }
        try check(status, stage: "image data")
        return DecodedPixels(
            raster: Raster(width: outWidth, height: outHeight, bytes: pixels),
            width: features.width, height: features.height, hadAlpha: features.hasAlpha)
    }

    /// Decodes an animation's first frame onto its canvas with libwebp's animation decoder.
    private static func decodeFirstFrame(
        _ bytes: UnsafeBufferPointer<UInt8>, features: Features, alpha: AlphaHandling
    ) throws(DecodeError) -> DecodedPixels {
        var data = WebPData(bytes: bytes.baseAddress, size: bytes.count)
        var animationOptions = WebPAnimDecoderOptions()
        guard pal_webp_anim_options_init(&animationOptions) != 0 else {
            throw .unsupported("This libwebp build is incompatible")
        }
        animationOptions.color_mode = MODE_RGBA
        animationOptions.use_threads = 0
        guard let decoder = pal_webp_anim_decoder_new(&data, &animationOptions) else {
            throw .corrupt("libwebp could not parse the animation")
        }
        defer { WebPAnimDecoderDelete(decoder) }
        var info = WebPAnimInfo()
        guard WebPAnimDecoderGetInfo(decoder, &info) != 0,
              Int(info.canvas_width) == features.width, Int(info.canvas_height) == features.height
        else { throw .corrupt("the WebP animation's canvas does not match its header") }
        var frame: UnsafeMutablePointer<UInt8>?
        var timestamp: Int32 = 0
        guard WebPAnimDecoderGetNext(decoder, &frame, &timestamp) != 0, let frame else {
            throw .corrupt("libwebp could not decode the animation's first frame")
        }
        let count = features.width * features.height
        let pixels = [UInt8](unsafeUninitializedCapacity: count * 3) { buffer, initialized in
            PixelKernels.rgbaToRGB(frame, buffer.baseAddress!, count: count, alpha: alpha)
            initialized = count * 3
        }
        return DecodedPixels(
            raster: Raster(width: features.width, height: features.height, bytes: pixels),
            width: features.width, height: features.height, hadAlpha: features.hasAlpha,
            warnings: ["Animated WebP: only the first frame was decoded"])
    }

    private static func check(_ status: VP8StatusCode, stage: String) throws(DecodeError) {
        switch status {
        case VP8_STATUS_OK: return
        case VP8_STATUS_NOT_ENOUGH_DATA: throw .truncated("the WebP \(stage) ends early")
        case VP8_STATUS_UNSUPPORTED_FEATURE: throw .unsupported("This WebP uses a feature libwebp does not support")
        case VP8_STATUS_OUT_OF_MEMORY: throw .corrupt("libwebp ran out of memory")
        default: throw .corrupt("libwebp reported error \(status.rawValue) in the \(stage)")
        }
    }
}
