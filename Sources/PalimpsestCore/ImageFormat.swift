/// A container format Palimpsest can decode, recognised from the file's first bytes.
public enum ImageFormat: String, Sendable, Codable, CaseIterable {
    /// JPEG (JFIF, Exif, Adobe): decoded by libjpeg-turbo.
    case jpeg
    /// PNG: decoded by libpng.
    case png
    /// WebP (lossy, lossless, with alpha): decoded by libwebp.
    case webp

    /// Recognises a format from the magic bytes at the start of a file.
    ///
    /// - Returns: `nil` when the bytes are not a format Palimpsest reads, whatever the file's name.
    public static func sniff<Bytes: Collection>(_ bytes: Bytes) -> ImageFormat? where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(12))
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        if head.count >= 8, head[0 ..< 8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if head.count >= 12, head[0 ..< 4].elementsEqual("RIFF".utf8), head[8 ..< 12].elementsEqual("WEBP".utf8) {
            return .webp
        }
        return nil
    }
}
