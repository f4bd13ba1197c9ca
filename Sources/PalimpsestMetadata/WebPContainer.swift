import PalimpsestCore

/// Walks a WebP's RIFF chunks for metadata: `EXIF`, `XMP ` and `C2PA`.
enum WebPContainer {
    static func read(_ bytes: [UInt8], into raw: inout RawMetadata, context: inout MetadataContext) {
        var offset = 12, chunks = 0
        let end = min(bytes.count, (bytes.uint32LE(at: 4) ?? 0) + 8)
        while offset + 8 <= end {
            chunks += 1
            guard chunks <= context.limits.maxSegments else {
                context.warn("WebP: more than \(context.limits.maxSegments) chunks; the rest ignored")
                return
            }
            guard let type = bytes.fourCC(at: offset), let size = bytes.uint32LE(at: offset + 4) else { return }
            let start = offset + 8
            guard size <= end - start else {
                context.warn("WebP: chunk '\(type)' claims \(size) bytes, only \(end - start) remain; reading stopped")
                return
            }
            let data = bytes[start ..< start + size]
            offset = start + size + (size & 1)
            guard ["EXIF", "XMP ", "C2PA"].contains(type) else { continue }
            guard size <= context.limits.maxChunkBytes else {
                context.warn("WebP: chunk '\(type)' of \(size) bytes exceeds the limit of \(context.limits.maxChunkBytes); ignored")
                continue
            }
            switch type {
            case "EXIF":
                let tiff = data.hasBytes(JPEGContainer.exifPrefix, at: data.startIndex) ? data.dropFirst(6) : data
                raw.addExif(Array(tiff), context: &context)
            case "XMP ": raw.xmp.append(TextDecoding.utf8(data).text)
            default: raw.addC2PA(Array(data), location: "webp-C2PA", context: &context)
            }
        }
    }
}
