import PalimpsestCore

/// Names what a file that is not JPEG, PNG or WebP most likely is, for error messages.
enum UnknownFormat {
    /// A sentence such as "This is a GIF image, which Palimpsest does not decode".
    static func describe(_ bytes: [UInt8]) -> String {
        let head = Array(bytes.prefix(16))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset ..< offset + prefix.count]) == prefix
        }
        let known: String? =
            if starts(Array("GIF8".utf8)) { "a GIF image" }
            else if starts([0x49, 0x49, 0x2A, 0x00]) || starts([0x4D, 0x4D, 0x00, 0x2A]) { "a TIFF image (or camera raw file)" }
            else if starts(Array("BM".utf8)) { "a BMP image" }
            else if starts(Array("ftypavif".utf8), at: 4) || starts(Array("ftypavis".utf8), at: 4) { "an AVIF image" }
            else if starts(Array("ftyp".utf8), at: 4) { "an HEIF/HEIC image or an MP4-family file" }
            else if starts([0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) || starts([0xFF, 0x4F, 0xFF, 0x51]) { "a JPEG 2000 image" }
            else if starts([0xFF, 0x0A]) || starts([0x00, 0x00, 0x00, 0x0C, 0x4A, 0x58, 0x4C, 0x20]) { "a JPEG XL image" }
            else if starts(Array("%PDF".utf8)) { "a PDF document" }
            else if starts(Array("RIFF".utf8)) { "a RIFF file that is not WebP" }
            else if starts([0xFF, 0xD8]) { "a damaged JPEG (its first marker is missing)" }
            else if head.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20 ... 0x7E).contains($0) }) { "a text file" }
            else { nil }
        if let known { return "This is \(known), not a JPEG, PNG or WebP image" }
        let hex = head.prefix(8).map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }.joined(separator: " ")
        return "This is not a JPEG, PNG or WebP image (it starts with \(hex))"
    }
}
