public import PalimpsestCore

/// An image decoded to 8-bit RGB, upright, with what the decoder learned on the way.
public struct DecodedImage: Sendable, Equatable {
    /// The pixels, after scaling and orientation.
    public var raster: Raster
    /// The container format, recognised from the magic bytes.
    public var format: ImageFormat
    /// Full-resolution width of the image as returned: after orientation when it was applied,
    /// and not divided by ``scaleDenominator``.
    public var width: Int
    /// Full-resolution height of the image as returned (see ``width``).
    public var height: Int
    /// The EXIF orientation found in the file, 1 to 8 (1 when there is none), whether or not it
    /// was applied.
    public var orientation: Int
    /// The scale the raster was decoded at: 1, 2, 4 or 8 (the raster is about `width / d` wide).
    public var scaleDenominator: Int
    /// Whether the file had an alpha channel or a transparent colour.
    public var hadAlpha: Bool
    /// Problems the decoder recovered from, such as libjpeg's "Premature end of JPEG file".
    public var warnings: [String]

    /// Creates a decoded image from its parts.
    public init(
        raster: Raster, format: ImageFormat, width: Int, height: Int, orientation: Int = 1,
        scaleDenominator: Int = 1, hadAlpha: Bool = false, warnings: [String] = []
    ) {
        self.raster = raster
        self.format = format
        self.width = width
        self.height = height
        self.orientation = orientation
        self.scaleDenominator = scaleDenominator
        self.hadAlpha = hadAlpha
        self.warnings = warnings
    }
}
