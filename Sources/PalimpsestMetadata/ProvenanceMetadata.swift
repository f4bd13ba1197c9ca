/// What an image file says about how it was made: generator parameters, EXIF and XMP facts,
/// and Content Credentials (C2PA). Read from the file's bytes, never trusted, always bounded.
public struct ProvenanceMetadata: Sendable, Equatable, Codable {
    /// Creates empty metadata.
    public init() {}
}
