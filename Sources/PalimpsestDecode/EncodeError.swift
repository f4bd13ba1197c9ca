public import PalimpsestCore

/// Why a raster could not be encoded as an image file.
public enum EncodeError: PalimpsestError, Equatable {
    /// The raster has no pixels.
    case emptyImage
    /// The codec library refused the pixels, with its message.
    case encoderFailed(String)

    /// `empty-image` or `encoder`.
    public var kind: String {
        switch self {
        case .emptyImage: "empty-image"
        case .encoderFailed: "encoder"
        }
    }

    /// A sentence that says what went wrong and what to do about it.
    public var message: String {
        switch self {
        case .emptyImage:
            "There is no picture to encode (0 pixels); the image it comes from may be empty or corrupt."
        case let .encoderFailed(detail):
            "The image encoder failed (\(detail)); free some memory and try again, or report this as a bug."
        }
    }
}
