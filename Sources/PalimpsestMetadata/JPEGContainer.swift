import PalimpsestCore

/// Walks a JPEG's marker segments up to the first scan for metadata: APP1 Exif and XMP, APP11
/// JUMBF (C2PA, joined across segments) and COM comments.
enum JPEGContainer {
    static let exifPrefix = Array("Exif\0\0".utf8)
    static let xmpPrefix = Array("http://ns.adobe.com/xap/1.0/\0".utf8)

    static func read(_ bytes: [UInt8], into raw: inout RawMetadata, context: inout MetadataContext) {
        var offset = 2, segments = 0
        var jumbf: [Int: [(sequence: Int, payload: ArraySlice<UInt8>)]] = [:]
        var jumbfBytes = 0
        walk: while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else {
                context.warn("JPEG: no marker at byte \(offset); reading stopped")
                break
            }
            var markerAt = offset + 1
            while markerAt < bytes.count, bytes[markerAt] == 0xFF { markerAt += 1 }
            guard markerAt < bytes.count else { break }
            let marker = bytes[markerAt]
            offset = markerAt + 1
            switch marker {
            case 0xD9, 0xDA: break walk
            case 0x01, 0xD0 ... 0xD8: continue walk
            default: break
            }
            segments += 1
            guard segments <= context.limits.maxSegments else {
                context.warn("JPEG: more than \(context.limits.maxSegments) segments; the rest ignored")
                break
            }
            guard let length = bytes.uint16BE(at: offset), length >= 2, offset + length <= bytes.count else {
                context.warn("JPEG: segment 0x\(String(marker, radix: 16, uppercase: true)) at byte \(offset) is cut short; reading stopped")
                break
            }
            let payload = bytes[offset + 2 ..< offset + length]
            offset += length
            switch marker {
            case 0xE1 where payload.hasBytes(exifPrefix, at: payload.startIndex):
                raw.addExif(Array(payload.dropFirst(exifPrefix.count)), context: &context)
            case 0xE1 where payload.hasBytes(xmpPrefix, at: payload.startIndex):
                raw.xmp.append(TextDecoding.utf8(payload.dropFirst(xmpPrefix.count)).text)
            case 0xEB where payload.hasBytes([0x4A, 0x50], at: payload.startIndex):
                guard let instance = payload.uint16BE(at: payload.startIndex + 2),
                      let sequence = payload.uint32BE(at: payload.startIndex + 4), payload.count >= 16 else {
                    context.warn("JPEG APP11: JUMBF segment header cut short; ignored")
                    continue walk
                }
                jumbfBytes += payload.count
                guard jumbfBytes <= context.limits.maxChunkBytes else {
                    context.warn("JPEG APP11: JUMBF data exceeds \(context.limits.maxChunkBytes) bytes; ignored")
                    jumbf = [:]
                    continue walk
                }
                jumbf[instance, default: []].append((sequence, payload.dropFirst(8)))
            case 0xFE:
                let text = TextDecoding.utf8OrLatin1(payload)
                raw.addText(RawMetadata.Text(keyword: "COM", text: text, chunk: "COM"), context: &context)
            default:
                continue walk
            }
        }
        for instance in jumbf.keys.sorted() {
            raw.addC2PA(join(jumbf[instance]!), location: "jpeg-app11", context: &context)
        }
    }

    /// Joins the segments of one JUMBF box in sequence order. Every segment repeats the box
    /// header (LBox, TBox and, when LBox is 1, XLBox); only the first keeps it.
    static func join(_ segments: [(sequence: Int, payload: ArraySlice<UInt8>)]) -> [UInt8] {
        var out: [UInt8] = []
        for (n, segment) in segments.sorted(by: { $0.sequence < $1.sequence }).enumerated() {
            let header = segment.payload.uint32BE(at: segment.payload.startIndex) == 1 ? 16 : 8
            out.append(contentsOf: n == 0 ? segment.payload : segment.payload.dropFirst(header))
        }
        return out
    }
}
