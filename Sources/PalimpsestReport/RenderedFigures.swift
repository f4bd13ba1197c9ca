import PalimpsestCore


/// A finding's pictures: how the page refers to them, and the encoded files to write.
public struct RenderedFigures: Sendable {
    /// The pictures as the page lists them (paths relative to the page).
    public var figures: FindingFigures
    /// The picture files, by the same relative paths.
    public var files: [(path: String, bytes: [UInt8])]
}
