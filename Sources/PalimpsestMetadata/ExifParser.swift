import PalimpsestCore

/// Reads the TIFF structure of an EXIF block: IFD0 and the Exif sub-IFD, bounded and with
/// loops refused. Offsets are relative to the TIFF header, as the standard says.
enum ExifParser {
    /// The fields found, and the full user comment text (before any truncation), or `nil` when
    /// the block has no valid TIFF header.
    static func parse(_ tiff: [UInt8], context: inout MetadataContext) -> (fields: ExifFields, userComment: String?)? {
        let bigEndian: Bool
        if tiff.hasBytes([0x4D, 0x4D, 0x00, 0x2A], at: 0) {
            bigEndian = true
        } else if tiff.hasBytes([0x49, 0x49, 0x2A, 0x00], at: 0) {
            bigEndian = false
        } else {
            context.warn("EXIF: no TIFF header; ignored")
            return nil
        }
        var fields = ExifFields(byteOrder: bigEndian ? "big-endian" : "little-endian")
        var userComment: String?
        var visited: Set<Int> = []
        var pending = [tiff.uint32(at: 4, bigEndian: bigEndian) ?? 0]
        while let offset = pending.popLast() {
            guard visited.insert(offset).inserted, visited.count <= 4 else {
                context.warn("EXIF: IFD at \(offset) visited twice; loop ignored")
                continue
            }
            guard let count = tiff.uint16(at: offset, bigEndian: bigEndian), offset + 2 + count * 12 <= tiff.count else {
                context.warn("EXIF: IFD at \(offset) lies outside the block")
                continue
            }
            for n in 0 ..< min(count, 1024) {
                let entry = offset + 2 + n * 12
                guard let tag = tiff.uint16(at: entry, bigEndian: bigEndian), let type = tiff.uint16(at: entry + 2, bigEndian: bigEndian),
                      let items = tiff.uint32(at: entry + 4, bigEndian: bigEndian) else { continue }
                if tag == 0x8769, let sub = tiff.uint32(at: entry + 8, bigEndian: bigEndian) {
                    pending.append(sub)
                    continue
                }
                guard let field = field(tag), let value = value(tiff, entry: entry, type: type, items: items, bigEndian: bigEndian, context: &context)
                else { continue }
                if tag == 0x9286 {
                    let (text, encoding) = UserCommentDecoder.decode(value, tiffBigEndian: bigEndian)
                    userComment = text
                    fields.userCommentEncoding = encoding
                    continue
                }
                let text = TextDecoding.truncated(TextDecoding.trimmingNULs(TextDecoding.utf8OrLatin1(value)),
                                                  toUTF8Bytes: context.limits.maxStringBytes).text
                fields[keyPath: field] = text
            }
        }
        return (fields, userComment)
    }

    private static func field(_ tag: Int) -> WritableKeyPath<ExifFields, String?>? {
        switch tag {
        case 0x0131: \.software
        case 0x010F: \.make
        case 0x0110: \.model
        case 0x0132: \.dateTime
        case 0x9003: \.dateTimeOriginal
        case 0x010E: \.imageDescription
        case 0x013B: \.artist
        case 0x9286: \.userComment
        default: nil
        }
    }

    /// The bytes of a BYTE, ASCII or UNDEFINED entry (inline when four bytes or fewer).
    private static func value(_ tiff: [UInt8], entry: Int, type: Int, items: Int, bigEndian: Bool,
                              context: inout MetadataContext) -> ArraySlice<UInt8>? {
        guard type == 1 || type == 2 || type == 7 else { return nil }
        guard items <= context.limits.maxTextBytes else {
            context.warn("EXIF: a field of \(items) bytes exceeds the limit; ignored")
            return nil
        }
        if items <= 4 { return tiff[entry + 8 ..< entry + 8 + items] }
        guard let offset = tiff.uint32(at: entry + 8, bigEndian: bigEndian), offset <= tiff.count - items else {
            context.warn("EXIF: a field points outside the block; ignored")
            return nil
        }
        return tiff[offset ..< offset + items]
    }
}
