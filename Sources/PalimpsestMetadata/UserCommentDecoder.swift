import PalimpsestCore

/// Decodes EXIF UserComment: an 8-byte character code, then the text.
///
/// `UNICODE\0` text is UTF-16 whose byte order the standard leaves to the TIFF header, but
/// writers disagree: Automatic1111 (through piexif) writes UTF-16BE in a big-endian TIFF, and
/// other tools write UTF-16LE. The order is taken from a byte-order mark when there is one, else
/// from where the zero bytes of ASCII-range characters fall, else from the TIFF header.
enum UserCommentDecoder {
    static func decode(_ value: ArraySlice<UInt8>, tiffBigEndian: Bool) -> (text: String, encoding: String) {
        let code = value.prefix(8)
        let body = value.dropFirst(8)
        if code.elementsEqual(Array("UNICODE\0".utf8)) {
            let bigEndian = byteOrder(body, fallback: tiffBigEndian)
            var text = TextDecoding.utf16(body, bigEndian: bigEndian)
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            return (TextDecoding.trimmingNULs(text), bigEndian ? "unicode-be" : "unicode-le")
        }
        if code.elementsEqual(Array("ASCII\0\0\0".utf8)) {
            return (TextDecoding.trimmingNULs(TextDecoding.utf8OrLatin1(body)), "ascii")
        }
        if code.elementsEqual(Array("JIS\0\0\0\0\0".utf8)) {
            return (TextDecoding.trimmingNULs(TextDecoding.utf8OrLatin1(body)), "jis")
        }
        let text = code.count == 8 && code.allSatisfy { $0 == 0 } ? body : value
        return (TextDecoding.trimmingNULs(TextDecoding.utf8OrLatin1(text)), "undefined")
    }

    /// Big-endian when a BOM says so, or when zero bytes sit at even offsets (the high bytes of
    /// ASCII-range characters come first).
    static func byteOrder(_ body: ArraySlice<UInt8>, fallback: Bool) -> Bool {
        let bytes = Array(body.prefix(4096))
        if bytes.count >= 2 {
            if bytes[0] == 0xFE, bytes[1] == 0xFF { return true }
            if bytes[0] == 0xFF, bytes[1] == 0xFE { return false }
        }
        var evenZeros = 0, oddZeros = 0
        for (i, b) in bytes.enumerated() where b == 0 {
            if i % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
        }
        if evenZeros > oddZeros { return true }
        if oddZeros > evenZeros { return false }
        return fallback
    }
}
