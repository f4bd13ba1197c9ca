public import PalimpsestCore

/// Decodes JPEG, PNG and WebP files to upright 8-bit RGB rasters.
///
/// The format is recognised from the magic bytes, never from the file name. Sizes declared in
/// headers are checked against ``DecodeOptions`` before any large allocation, and every failure
/// is a ``DecodeError`` with a message a user can act on.
///
/// ```swift
/// let decoder = ImageDecoder(options: DecodeOptions(minimumShortSide: 256))
/// let bytes = try ImageDecoder.readFile("photo.jpg", limit: decoder.options.maxFileBytes)
/// let image = try decoder.decode(bytes)
/// print(image.width, image.height, image.raster.width)  // 4032 3024 504
/// ```
public struct ImageDecoder: Sendable {
    /// The limits and choices this decoder applies.
    public var options: DecodeOptions

    /// Creates a decoder.
    ///
    /// - Parameter options: Limits and choices; the defaults decode at full resolution, upright,
    ///   with alpha composited onto white.
    public init(options: DecodeOptions = DecodeOptions()) {
        self.options = options
    }

    /// Decodes an image held in memory.
    ///
    /// - Parameter bytes: The whole file.
    /// - Returns: The image, scaled as ``DecodeOptions/minimumShortSide`` allows and turned
    ///   upright when ``DecodeOptions/applyOrientation`` is set.
    /// - Throws: ``DecodeError``: `.empty`, `.unsupported` for anything but JPEG, PNG or WebP,
    ///   `.tooManyPixels`, `.truncated` or `.corrupt`.
    public func decode(_ bytes: [UInt8]) throws(DecodeError) -> DecodedImage {
        let format = try Self.format(of: bytes)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(DecodeError) -> DecodedImage in
            let orientation = ExifOrientation.find(in: buffer, format: format)
            let transform = options.applyOrientation ? ExifOrientation.dihedral(forOrientation: orientation) : .original
            let pixels: DecodedPixels =
                switch format {
                case .jpeg: try JPEGDecoder.decode(buffer, options: options, transform: transform)
                case .png: try PNGDecoder.decode(buffer, options: options, transform: transform)
                case .webp: try WebPDecoder.decode(buffer, options: options, transform: transform)
                }
            return DecodedImage(
                raster: pixels.raster,
                format: format,
                width: transform.swapsAxes ? pixels.height : pixels.width,
                height: transform.swapsAxes ? pixels.width : pixels.height,
                orientation: orientation,
                scaleDenominator: pixels.scaleDenominator,
                hadAlpha: pixels.hadAlpha,
                warnings: pixels.warnings)
        }
    }

    /// Reads a file, respecting ``DecodeOptions/maxFileBytes``, and decodes it.
    ///
    /// - Parameter path: The file's path.
    /// - Returns: The decoded image, as ``decode(_:)`` returns it.
    /// - Throws: ``DecodeError``: `.unreadable` or `.fileTooLarge` from reading, then any error
    ///   ``decode(_:)`` throws.
    public func decode(contentsOf path: String) throws(DecodeError) -> DecodedImage {
        try decode(Self.readFile(path, limit: options.maxFileBytes))
    }

    /// The format and dimensions of an image, read from its headers without decoding pixels.
    ///
    /// The dimensions are those of the image as ``decode(_:)`` would return it at full scale:
    /// swapped when ``DecodeOptions/applyOrientation`` is set and the EXIF orientation turns
    /// the image a quarter turn. No pixel limit is applied.
    ///
    /// - Parameter bytes: The file, or at least its beginning up to the first image data.
    /// - Throws: ``DecodeError``: `.empty`, `.unsupported`, `.truncated` or `.corrupt`.
    public func readHeader(_ bytes: [UInt8]) throws(DecodeError) -> (format: ImageFormat, width: Int, height: Int) {
        let format = try Self.format(of: bytes)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(DecodeError) in
            let (width, height): (Int, Int)
            switch format {
            case .jpeg: (width, height) = try JPEGDecoder.header(buffer)
            case .png:
                let header = try PNGDecoder.header(buffer)
                (width, height) = (header.width, header.height)
            case .webp:
                let features = try WebPDecoder.header(buffer)
                (width, height) = (features.width, features.height)
            }
            let swaps = options.applyOrientation
                && ExifOrientation.dihedral(forOrientation: ExifOrientation.find(in: buffer, format: format)).swapsAxes
            return (format, swaps ? height : width, swaps ? width : height)
        }
    }

    /// The format named by the magic bytes, or the reason there is none.
    private static func format(of bytes: [UInt8]) throws(DecodeError) -> ImageFormat {
        guard !bytes.isEmpty else { throw .empty }
        if let format = ImageFormat.sniff(bytes) { return format }
        throw .unsupported(UnknownFormat.describe(bytes))
    }
}
