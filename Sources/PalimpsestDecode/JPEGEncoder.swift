internal import CPalimpsestCodecs
public import PalimpsestCore

/// Encodes rasters as baseline JPEG through libjpeg-turbo, for the pictures of reports and
/// evidence bundles.
///
/// ```swift
/// let bytes = try JPEGEncoder.encode(raster, quality: 88)
/// ```
public enum JPEGEncoder {
    /// The quality used when none is given: small files with no visible artefacts at report sizes.
    public static let defaultQuality = 88

    /// The JPEG file of `raster`.
    ///
    /// - Parameters:
    ///   - raster: The pixels; at least 1×1.
    ///   - quality: libjpeg's quality scale, 1…100.
    /// - Returns: The whole file.
    /// - Throws: ``EncodeError/emptyImage`` for a raster without pixels,
    ///   ``EncodeError/encoderFailed(_:)`` when libjpeg refuses it.
    public static func encode(_ raster: Raster, quality: Int = defaultQuality) throws(EncodeError) -> [UInt8] {
        guard raster.width > 0, raster.height > 0 else { throw .emptyImage }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = raster.bytes.withUnsafeBufferPointer { pixels in
            message.withUnsafeMutableBufferPointer { text in
                pal_jpeg_encode(pixels.baseAddress, UInt32(raster.width), UInt32(raster.height),
                                Int32(min(100, max(1, quality))), &output, &size, text.baseAddress, text.count)
            }
        }
        defer { pal_free(output) }
        guard status == PAL_OK, let output else {
            let detail = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .encoderFailed(detail.isEmpty ? "out of memory" : detail)
        }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
