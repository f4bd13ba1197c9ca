import PalimpsestCore

/// MD5 digests of an image's decoded pixel bytes, as Automatic1111 computes its `Init image
/// hash` (`hashlib.md5(img.tobytes())` of the init image): what lets a generated image's
/// parameters name the reference it was made from.
///
/// The pixels are the full-resolution image turned upright by its EXIF orientation, 8 bits per
/// sample, rows top to bottom, samples interleaved. ``rgb`` hashes R, G, B (alpha dropped, as
/// Pillow's `convert("RGB")`); ``rgba`` hashes R, G, B, 255 and is set only for images without
/// alpha, since Automatic1111 1.6 and later receive uploads as RGBA.
public struct PixelMD5: Sendable, Equatable, Hashable {
    /// The name of the ledger migration that added the columns.
    public static let migrationIdentifier = "v5-pixel-md5"

    /// MD5 of the RGB bytes, 32 lowercase hex digits.
    public var rgb: String
    /// MD5 of the RGBA bytes (alpha 255), for opaque images.
    public var rgba: String?

    /// Groups the digests.
    public init(rgb: String, rgba: String?) {
        self.rgb = rgb
        self.rgba = rgba
    }
}
