public import PalimpsestCore

/// Why an image could not be read or decoded.
///
/// Every case maps to a stable ``kind`` that the ledger records, and to a ``message`` a user
/// can act on:
///
/// ```swift
/// do {
///     _ = try ImageDecoder().decode([])
/// } catch {
///     print(error.kind)     // "empty"
///     print(error.message)  // "The file is empty (0 bytes): re-export or re-download it."
/// }
/// ```
public enum DecodeError: PalimpsestError, Equatable {
    /// The input has no bytes at all.
    case empty
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file is larger than ``DecodeOptions/maxFileBytes`` allows.
    case fileTooLarge(bytes: Int, limit: Int)
    /// The header declares more pixels than ``DecodeOptions/maxPixels`` allows.
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// Not JPEG, PNG or WebP by its magic bytes, or a variant of them that is not supported.
    case unsupported(String)
    /// The data ends before any image can be produced.
    case truncated(String)
    /// The data breaks the format's rules.
    case corrupt(String)

    /// A short stable name for the kind of failure: `empty`, `unreadable`, `too-large`,
    /// `unsupported`, `truncated` or `corrupt`.
    public var kind: String {
        switch self {
        case .empty: "empty"
        case .unreadable: "unreadable"
        case .fileTooLarge, .tooManyPixels: "too-large"
        case .unsupported: "unsupported"
        case .truncated: "truncated"
        case .corrupt: "corrupt"
        }
    }

    /// A sentence that says what went wrong and what to do about it.
    public var message: String {
        switch self {
        case .empty:
            return "The file is empty (0 bytes): re-export or re-download it."
        case let .unreadable(path, reason):
            return "Cannot read \(path) (\(reason)): check that the file exists and that you may read it."
        case let .fileTooLarge(bytes, limit):
            return "The file is \(bytes) bytes, more than the limit of \(limit) bytes: "
                + "raise the file-size limit if you trust it."
        case let .tooManyPixels(width, height, limit):
            return "The image declares \(width) × \(height) pixels, more than the limit of \(limit) pixels: "
                + "raise the pixel limit if you trust it, or downscale the image first."
        case let .unsupported(detail):
            return "\(detail): convert it to 8-bit JPEG, PNG or WebP, or leave it out."
        case let .truncated(detail):
            return "The file is truncated (\(detail)): re-download or re-export it."
        case let .corrupt(detail):
            return "The file is corrupt (\(detail)): re-download or re-export it."
        }
    }
}
