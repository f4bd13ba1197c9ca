import PalimpsestCore

/// The EXIF fields that speak to provenance: the software and camera, the dates, and the user
/// comment (where Automatic1111 writes its parameters in JPEG and WebP files).
public struct ExifFields: Sendable, Equatable, Codable {
    /// `big-endian` (`MM`) or `little-endian` (`II`).
    public var byteOrder: String
    /// Software (0x0131).
    public var software: String?
    /// Make (0x010F).
    public var make: String?
    /// Model (0x0110).
    public var model: String?
    /// DateTime (0x0132).
    public var dateTime: String?
    /// DateTimeOriginal (0x9003).
    public var dateTimeOriginal: String?
    /// ImageDescription (0x010E).
    public var imageDescription: String?
    /// Artist (0x013B).
    public var artist: String?
    /// UserComment (0x9286), decoded, when it is not interpreted as generator parameters.
    public var userComment: String?
    /// How the user comment was encoded: `unicode-be`, `unicode-le`, `ascii`, `jis` or `undefined`.
    public var userCommentEncoding: String?
    /// What the user comment was read as (`automatic1111`), if anything.
    public var userCommentInterpretedAs: String?

    /// Creates fields for a TIFF structure in the given byte order.
    public init(byteOrder: String) { self.byteOrder = byteOrder }
}
