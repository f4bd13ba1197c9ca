import PalimpsestCore

/// Turning the bytes of metadata fields into text without trusting their encoding.
enum TextDecoding {
    /// UTF-8 when the bytes are valid UTF-8, else ISO 8859-1 (what PNG tEXt and zTXt specify:
    /// many writers put UTF-8 there anyway, and valid multi-byte UTF-8 is all but impossible in
    /// real Latin-1 text).
    static func utf8OrLatin1<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    /// UTF-8, with invalid sequences replaced by U+FFFD; `valid` says whether any were.
    static func utf8<Bytes: Collection>(_ bytes: Bytes) -> (text: String, valid: Bool) where Bytes.Element == UInt8 {
        if let text = String(validating: bytes, as: UTF8.self) { return (text, true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    /// UTF-16 code units in the given byte order (a trailing odd byte is dropped); unpaired
    /// surrogates become U+FFFD.
    static func utf16<Bytes: Collection>(_ bytes: Bytes, bigEndian: Bool) -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        var units: [UInt16] = []
        units.reserveCapacity(array.count / 2)
        var i = 0
        while i + 1 < array.count {
            let (a, b) = (UInt16(array[i]), UInt16(array[i + 1]))
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            i += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// `text` cut to at most `limit` UTF-8 bytes on a scalar boundary, and whether it was cut.
    static func truncated(_ text: String, toUTF8Bytes limit: Int) -> (text: String, truncated: Bool) {
        let utf8 = text.utf8
        guard utf8.count > limit else { return (text, false) }
        var end = utf8.index(utf8.startIndex, offsetBy: max(limit, 0))
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return (String(decoding: utf8[..<end], as: UTF8.self), true)
    }

    /// The text with trailing NUL characters removed (EXIF ASCII fields end with one or more).
    static func trimmingNULs(_ text: String) -> String {
        var scalars = text.unicodeScalars[...]
        while scalars.last == "\0" { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
