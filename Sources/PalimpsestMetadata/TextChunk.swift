import PalimpsestCore

/// One text entry found in a file: a PNG tEXt, zTXt or iTXt chunk, or a JPEG comment.
///
/// Text that Palimpsest interprets (generator parameters, XMP) is not repeated here: ``text``
/// is set only for entries nobody interprets, cut to ``MetadataLimits/maxRawTextBytes``.
public struct TextChunk: Sendable, Equatable, Codable {
    /// The keyword (`parameters`, `prompt`, `Comment`, …); `COM` for a JPEG comment.
    public var keyword: String
    /// Where it was found: `tEXt`, `zTXt`, `iTXt` or `COM`.
    public var chunk: String
    /// The length of the decoded text, in UTF-8 bytes.
    public var length: Int
    /// What the text was read as (`automatic1111`, `comfyui-prompt`, `xmp`, …), if anything.
    public var interpretedAs: String?
    /// The text itself, for entries not interpreted.
    public var text: String?
    /// Whether ``text`` was cut short.
    public var truncated: Bool?
    /// The iTXt language tag, when one is given.
    public var language: String?

    /// Describes one text entry.
    public init(keyword: String, chunk: String, length: Int, interpretedAs: String? = nil, text: String? = nil,
                truncated: Bool? = nil, language: String? = nil) {
        self.keyword = keyword
        self.chunk = chunk
        self.length = length
        self.interpretedAs = interpretedAs
        self.text = text
        self.truncated = truncated
        self.language = language
    }
}
