import Crypto
import PalimpsestCore
import PalimpsestDecode
import PalimpsestLedger

/// Computes a reference's ``PixelMD5``: the MD5 of its pixel bytes as Automatic1111 hashes an
/// init image, so that a generated image's `Init image hash` can name it.
///
/// Automatic1111 (`modules/processing.py`, `StableDiffusionProcessingImg2Img.init`) computes
/// `hashlib.md5(img.tobytes()).hexdigest()` on each init image as received, before flattening
/// or resizing, and only when the option to save a copy of the init image is on. The image is
/// upright (the web UI applies `ImageOps.exif_transpose`) and at full resolution; its mode is
/// RGB up to version 1.5 and through the API for RGB files, RGBA from 1.6's img2img tab. So both
/// the RGB bytes and, for opaque images, the RGBA bytes with alpha 255 are hashed.
///
/// Only images of at most ``maxPixels`` pixels are hashed: a full-resolution decode of larger
/// ones costs more than the rule is worth (init images are a few megapixels at most).
public enum PixelMD5Hasher {
    /// The largest image hashed: 16 megapixels (4096 × 4096).
    public static let maxPixels = 4096 * 4096

    /// The digests of an upright, full-resolution raster; `rgba` only when `opaque`.
    public static func digest(of raster: Raster, opaque: Bool) -> PixelMD5 {
        let rgb = Insecure.MD5.hash(data: raster.bytes)
        var rgba: String?
        if opaque {
            var md5 = Insecure.MD5()
            var row = [UInt8](repeating: 255, count: raster.width * 4)
            for y in 0 ..< raster.height {
                let start = y * raster.width * 3
                for x in 0 ..< raster.width {
                    row[4 * x] = raster.bytes[start + 3 * x]
                    row[4 * x + 1] = raster.bytes[start + 3 * x + 1]
                    row[4 * x + 2] = raster.bytes[start + 3 * x + 2]
                }
                md5.update(data: row)
            }
            rgba = hex(md5.finalize())
        }
        return PixelMD5(rgb: hex(rgb), rgba: rgba)
    }

    /// The digests of an analyzed image, reusing its raster when it is already full-resolution
    /// with nothing composited, else decoding the file again at full resolution with alpha
    /// dropped; `nil` above ``maxPixels`` or when the file cannot be decoded again.
    public static func digest(of image: AnalyzedImage, fileBytes: [UInt8], decode: DecodeOptions) -> PixelMD5? {
        guard image.facts.width * image.facts.height <= maxPixels else { return nil }
        if image.scaleDenominator == 1, !image.hadAlpha { return digest(of: image.raster, opaque: true) }
        return digest(fileBytes: fileBytes, decode: decode)
    }

    /// The digests of a file, decoded at full resolution with alpha dropped; `nil` above
    /// ``maxPixels`` or when it cannot be decoded.
    public static func digest(fileBytes: [UInt8], decode: DecodeOptions) -> PixelMD5? {
        var options = decode
        options.minimumShortSide = nil
        options.alpha = .drop
        options.maxPixels = min(options.maxPixels, maxPixels)
        guard let decoded = try? ImageDecoder(options: options).decode(fileBytes) else { return nil }
        return digest(of: decoded.raster, opaque: !decoded.hadAlpha)
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
