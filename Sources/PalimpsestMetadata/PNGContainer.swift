import PalimpsestCore

/// Walks a PNG's chunks for metadata: tEXt, zTXt, iTXt, eXIf and caBX (C2PA). Chunk CRCs are
/// not checked; lengths are, against the bytes that remain and the limits.
enum PNGContainer {
    static func read(_ bytes: [UInt8], into raw: inout RawMetadata, context: inout MetadataContext) {
        var offset = 8, chunks = 0
        while true {
            guard offset + 8 <= bytes.count, let length = bytes.uint32BE(at: offset), let type = bytes.fourCC(at: offset + 4) else {
                context.warn("PNG: ends without an IEND chunk")
                return
            }
            // Image data does not count: a large image legitimately has thousands of IDAT chunks.
            if type != "IDAT" { chunks += 1 }
            guard chunks <= context.limits.maxSegments else {
                context.warn("PNG: more than \(context.limits.maxSegments) chunks; the rest ignored")
                return
            }
            let dataStart = offset + 8
            guard length <= bytes.count - dataStart - 4 else {
                context.warn("PNG: chunk '\(type)' claims \(length) bytes, only \(max(bytes.count - dataStart - 4, 0)) remain; reading stopped")
                return
            }
            let data = bytes[dataStart ..< dataStart + length]
            offset = dataStart + length + 4
            if type == "IEND" { return }
            guard ["tEXt", "zTXt", "iTXt", "eXIf", "caBX"].contains(type) else { continue }
            guard length <= context.limits.maxChunkBytes else {
                context.warn("PNG: chunk '\(type)' of \(length) bytes exceeds the limit of \(context.limits.maxChunkBytes); ignored")
                continue
            }
            switch type {
            case "eXIf": raw.addExif(Array(data), context: &context)
            case "caBX": raw.addC2PA(Array(data), location: "png-caBX", context: &context)
            default: if let text = Self.text(type, data, &context) { raw.addText(text, context: &context) }
            }
        }
    }

    /// Decodes a text chunk: keyword, then Latin-1 text (tEXt), zlib-compressed text (zTXt), or
    /// the iTXt layout with its compression flag, language tag and UTF-8 text.
    static func text(_ type: String, _ data: ArraySlice<UInt8>, _ context: inout MetadataContext) -> RawMetadata.Text? {
        guard let nul = data.prefix(80).firstIndex(of: 0), nul > data.startIndex else {
            context.warn("PNG \(type): no keyword of 1 to 79 bytes; ignored")
            return nil
        }
        let keyword = TextDecoding.utf8OrLatin1(data[data.startIndex ..< nul])
        let what = "PNG \(type) '\(keyword)'"
        var rest = data[(nul + 1)...]
        switch type {
        case "tEXt":
            return RawMetadata.Text(keyword: keyword, text: TextDecoding.utf8OrLatin1(rest), chunk: type)
        case "zTXt":
            guard rest.first == 0, let inflated = context.inflate(rest.dropFirst(), what: what) else {
                if rest.first != 0 { context.warn("\(what): unknown compression method; ignored") }
                return nil
            }
            return RawMetadata.Text(keyword: keyword, text: TextDecoding.utf8OrLatin1(inflated), chunk: type)
        default:
            guard rest.count >= 2 else {
                context.warn("\(what): cut short; ignored")
                return nil
            }
            let compressed = rest[rest.startIndex] == 1, method = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
            guard let languageEnd = rest.firstIndex(of: 0) else {
                context.warn("\(what): no language tag terminator; ignored")
                return nil
            }
            let language = TextDecoding.utf8OrLatin1(rest[..<languageEnd])
            rest = rest[(languageEnd + 1)...]
            guard let translatedEnd = rest.firstIndex(of: 0) else {
                context.warn("\(what): no translated keyword terminator; ignored")
                return nil
            }
            rest = rest[(translatedEnd + 1)...]
            var body = Array(rest)
            if compressed {
                guard method == 0, let inflated = context.inflate(rest, what: what) else {
                    if method != 0 { context.warn("\(what): unknown compression method; ignored") }
                    return nil
                }
                body = inflated
            }
            let (text, valid) = TextDecoding.utf8(body)
            if !valid { context.warn("\(what): invalid UTF-8, replaced with U+FFFD") }
            return RawMetadata.Text(keyword: keyword, text: text, chunk: type, language: language.isEmpty ? nil : language)
        }
    }
}
