import PalimpsestCore

/// Limits and choices for ``ImageDecoder``.
///
/// ```swift
/// // Enough pixels for a 64×64 perceptual hash, decoded as cheaply as possible.
/// let decoder = ImageDecoder(options: DecodeOptions(minimumShortSide: 64))
/// ```
public struct DecodeOptions: Sendable, Hashable {
    /// The largest `width × height` accepted, checked from the header before any large allocation.
    public var maxPixels: Int
    /// The largest file accepted by ``ImageDecoder/decode(contentsOf:)``, checked before reading.
    public var maxFileBytes: Int
    /// The smallest short side the decoded raster may have, or `nil` for full resolution.
    ///
    /// JPEG is then decoded at 1/2, 1/4 or 1/8 scale in the DCT domain, as Pillow's
    /// `Image.draft` does: the smallest scale whose short side (of the image as stored) is still
    /// at least this many pixels. PNG and WebP are always decoded at full resolution (their
    /// codecs cannot skip work when scaling).
    public var minimumShortSide: Int?
    /// Whether to turn the image upright according to its EXIF orientation (all eight values;
    /// JPEG APP1 Exif, PNG eXIf and WebP EXIF chunks).
    public var applyOrientation: Bool
    /// What to do with an alpha channel.
    public var alpha: AlphaHandling

    /// Creates options; every argument has a default.
    ///
    /// - Parameters:
    ///   - maxPixels: The largest `width × height` accepted (100 million by default).
    ///   - maxFileBytes: The largest file accepted (512 MiB by default).
    ///   - minimumShortSide: The smallest acceptable short side of a scaled decode, or `nil`
    ///     (the default) for full resolution.
    ///   - applyOrientation: Whether to apply EXIF orientation (`true` by default).
    ///   - alpha: What to do with alpha (composite onto white by default).
    public init(
        maxPixels: Int = 100_000_000,
        maxFileBytes: Int = 512 * 1024 * 1024,
        minimumShortSide: Int? = nil,
        applyOrientation: Bool = true,
        alpha: AlphaHandling = .compositeOnWhite
    ) {
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
        self.minimumShortSide = minimumShortSide
        self.applyOrientation = applyOrientation
        self.alpha = alpha
    }

    /// The scale denominator (1, 2, 4 or 8) for an image stored at `width × height`: the largest
    /// whose scaled short side, `ceil(short / d)`, is still at least ``minimumShortSide``.
    func scaleDenominator(width: Int, height: Int) -> Int {
        guard let minimum = minimumShortSide else { return 1 }
        let short = min(width, height)
        for denominator in [8, 4, 2] where (short + denominator - 1) / denominator >= minimum {
            return denominator
        }
        return 1
    }
}
