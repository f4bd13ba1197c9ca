import PalimpsestCore

/// A picture file that belongs to a report page: where it is, relative to the page, and the
/// SHA-256 of its bytes, which the page lists.
public struct ReportPicture: Codable, Sendable, Equatable {
    /// Path relative to the page, with `/` separators (`images/finding-12-query.jpg`).
    public var path: String
    /// SHA-256 (hex) of the file.
    public var sha256: String
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// What it shows, for the page's list of files.
    public var caption: String

    /// Describes a picture file.
    public init(path: String, sha256: String, width: Int, height: Int, caption: String) {
        self.path = path
        self.sha256 = sha256
        self.width = width
        self.height = height
        self.caption = caption
    }
}
