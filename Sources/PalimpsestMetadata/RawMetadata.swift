import PalimpsestCore

/// What the container walkers collect before anything is interpreted.
struct RawMetadata {
    /// One text entry.
    struct Text {
        var keyword: String
        var text: String
        var chunk: String
        var language: String?
    }

    var texts: [Text] = []
    /// The first EXIF block, from its TIFF header on.
    var exif: [UInt8]?
    /// XMP packets, in file order.
    var xmp: [String] = []
    /// The C2PA manifest store's JUMBF bytes and where they were found.
    var c2pa: (bytes: [UInt8], location: String)?
    /// Whether text entries beyond the limit were met.
    private var textsDropped = false

    /// Keeps the first EXIF block, warning about later ones.
    mutating func addExif(_ tiff: [UInt8], context: inout MetadataContext) {
        if exif == nil { exif = tiff } else { context.warn("EXIF: more than one block; only the first read") }
    }

    /// Keeps the first manifest store, warning about later ones.
    mutating func addC2PA(_ bytes: [UInt8], location: String, context: inout MetadataContext) {
        if c2pa == nil { c2pa = (bytes, location) } else { context.warn("C2PA: more than one manifest store; only the first read") }
    }

    /// Adds a text entry unless there are already ``MetadataLimits/maxTextChunks``.
    mutating func addText(_ text: Text, context: inout MetadataContext) {
        guard texts.count < context.limits.maxTextChunks else {
            if !textsDropped { context.warn("more than \(context.limits.maxTextChunks) text chunks; the rest ignored") }
            textsDropped = true
            return
        }
        texts.append(text)
    }
}
