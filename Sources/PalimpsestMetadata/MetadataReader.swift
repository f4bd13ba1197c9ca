import PalimpsestCore

/// Reads provenance metadata from an image file's bytes: generator parameters in PNG text
/// chunks (Automatic1111, ComfyUI, NovelAI, InvokeAI), EXIF, XMP and C2PA manifest stores in
/// JPEG, PNG and WebP.
///
/// Reading never fails and never trusts the file: every length is checked, every size, count
/// and depth is capped by ``limits``, compressed text is inflated into a bounded buffer, and
/// nothing found is fetched, executed or validated. What went wrong is listed in
/// ``ProvenanceMetadata/warnings``.
///
/// ```swift
/// let metadata = MetadataReader().read(Array(try Data(contentsOf: url)))
/// print(metadata.generator ?? "no generator parameters", metadata.prompt ?? "")
/// ```
public struct MetadataReader: Sendable {
    /// The bounds kept while reading.
    public let limits: MetadataLimits

    /// Creates a reader with the given limits.
    ///
    /// - Parameter limits: caps on sizes, counts and depths (the defaults suit every real generator).
    public init(limits: MetadataLimits = .init()) {
        self.limits = limits
    }

    /// Reads the metadata of a JPEG, PNG or WebP file.
    ///
    /// - Parameter bytes: the whole file.
    /// - Returns: what the file says; for other formats, nothing but a warning.
    public func read(_ bytes: [UInt8]) -> ProvenanceMetadata {
        var context = MetadataContext(limits: limits)
        var metadata = ProvenanceMetadata()
        var raw = RawMetadata()
        metadata.container = ImageFormat.sniff(bytes)
        switch metadata.container {
        case .png: PNGContainer.read(bytes, into: &raw, context: &context)
        case .jpeg: JPEGContainer.read(bytes, into: &raw, context: &context)
        case .webp: WebPContainer.read(bytes, into: &raw, context: &context)
        case nil: context.warn("not a JPEG, PNG or WebP file: no metadata read")
        }
        MetadataInterpreter.interpret(raw, into: &metadata, context: &context)
        metadata.warnings = context.finishedWarnings
        return metadata
    }
}
