import PalimpsestCore

/// The bounds a ``MetadataReader`` keeps to, whatever a file declares.
///
/// Metadata comes from whoever made the file, so every size, count and depth is capped: a chunk,
/// segment or JSON document beyond a cap is skipped or cut short, and the reader says so in
/// ``ProvenanceMetadata/warnings``. The defaults hold every real generator's output with room
/// to spare.
///
/// ```swift
/// var limits = MetadataLimits()
/// limits.maxInflatedBytes = 1 << 20  // refuse compressed text that expands beyond 1 MiB
/// let metadata = MetadataReader(limits: limits).read(bytes)
/// ```
public struct MetadataLimits: Sendable, Equatable {
    /// The largest PNG chunk, JPEG segment run or WebP chunk read (16 MiB).
    public var maxChunkBytes = 16 << 20
    /// The most text one compressed chunk (zTXt, compressed iTXt) may expand to (8 MiB); a chunk
    /// that would expand further is refused.
    public var maxInflatedBytes = 8 << 20
    /// The most text all compressed chunks of one file may expand to together (32 MiB).
    public var maxTotalInflatedBytes = 32 << 20
    /// The most text chunks read from one file (256); later ones are ignored.
    public var maxTextChunks = 256
    /// The largest text interpreted as generator parameters, JSON or XMP (8 MiB).
    public var maxTextBytes = 8 << 20
    /// The most bytes of an uninterpreted text chunk kept in ``TextChunk/text`` (16 KiB).
    public var maxRawTextBytes = 16 << 10
    /// The longest single string kept from parsed metadata, such as a prompt (64 KiB).
    public var maxStringBytes = 64 << 10
    /// The deepest nesting of JSON arrays and objects parsed (64).
    public var maxJSONDepth = 64
    /// The most JSON values parsed in one document (500 000).
    public var maxJSONValues = 500_000
    /// The most chunks, segments, boxes or settings walked in one structure (10 000).
    public var maxSegments = 10_000
    /// The deepest nesting of JUMBF boxes parsed (16).
    public var maxBoxDepth = 16
    /// The deepest nesting of CBOR items parsed (32).
    public var maxCBORDepth = 32
    /// The most CBOR items parsed in one claim or assertion (100 000).
    public var maxCBORItems = 100_000
    /// The most warnings recorded (64); the last one says that more were left out.
    public var maxWarnings = 64

    /// The default limits.
    public init() {}
}
