import PalimpsestCore

/// Finds the EXIF block in each container without decoding it.
///
/// Every walk moves forward by at least one chunk header per step and checks each length
/// against the bytes that remain, so hostile lengths end the walk instead of reading past it.
enum ExifLocator {
    /// The payload after `Exif\0\0` of the first APP1 Exif segment before the first scan.
    static func jpegExif(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var at = 2  // after SOI
        while at + 4 <= bytes.count {
            guard bytes[at] == 0xFF else { return nil }
            let marker = bytes[at + 1]
            if marker == 0xFF { at += 1; continue }  // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0 ... 0xD7).contains(marker) { at += 2; continue }
            if marker == 0xDA || marker == 0xD9 { return nil }  // start of scan, end of image
            let length = Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length >= 2, at + 2 + length <= bytes.count else { return nil }
            let payload = at + 4
            let payloadCount = length - 2
            if marker == 0xE1, payloadCount >= 14, bytes[payload] == 0x45, bytes[payload + 1] == 0x78,
               bytes[payload + 2] == 0x69, bytes[payload + 3] == 0x66, bytes[payload + 4] == 0,
               bytes[payload + 5] == 0 {
                return UnsafeBufferPointer(rebasing: bytes[(payload + 6) ..< (payload + payloadCount)])
            }
            at += 2 + length
        }
        return nil
    }

    /// The data of the first `eXIf` chunk, wherever it is.
    static func pngExif(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var at = 8  // after the signature
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let type = (bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7])
            let data = at + 8
            guard length <= bytes.count - data else { return nil }
            if type == (0x65, 0x58, 0x49, 0x66) {  // eXIf
                return UnsafeBufferPointer(rebasing: bytes[data ..< (data + length)])
            }
            if type == (0x49, 0x45, 0x4E, 0x44) { return nil }  // IEND
            at = data + length + 4  // data and CRC
        }
        return nil
    }

    /// The data of the first `EXIF` chunk of a RIFF WebP file.
    static func webpExif(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var at = 12  // after "RIFF", size, "WEBP"
        while at + 8 <= bytes.count {
            let size = Int(bytes[at + 4]) | Int(bytes[at + 5]) << 8 | Int(bytes[at + 6]) << 16 | Int(bytes[at + 7]) << 24
            let data = at + 8
            guard size <= bytes.count - data else { return nil }
            if bytes[at] == 0x45, bytes[at + 1] == 0x58, bytes[at + 2] == 0x49, bytes[at + 3] == 0x46 {  // EXIF
                return UnsafeBufferPointer(rebasing: bytes[data ..< (data + size)])
            }
            at = data + size + (size & 1)
        }
        return nil
    }
}
