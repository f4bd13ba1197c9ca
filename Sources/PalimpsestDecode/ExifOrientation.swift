public import PalimpsestCore

/// The EXIF orientation tag (0x0112) and the transform that turns an image upright.
///
/// Values 1–8 follow the TIFF/EXIF specification; ``dihedral(forOrientation:)`` maps them to the
/// ``PalimpsestCore/Dihedral`` that undoes them, as Pillow's `ImageOps.exif_transpose` does.
public enum ExifOrientation {
    /// The transform that makes an image stored with EXIF `orientation` upright.
    ///
    /// | EXIF | stored as            | transform      |
    /// |------|----------------------|----------------|
    /// | 1    | upright              | `.original`    |
    /// | 2    | mirrored             | `.flipX`       |
    /// | 3    | upside down          | `.rotate180`   |
    /// | 4    | mirrored upside down | `.flipY`       |
    /// | 5    | transposed           | `.flipPlus1`   |
    /// | 6    | turned 90° left      | `.rotate270`   |
    /// | 7    | transversed          | `.flipMinus1`  |
    /// | 8    | turned 90° right     | `.rotate90`    |
    ///
    /// - Returns: `.original` for 1 and for any value outside 1…8.
    public static func dihedral(forOrientation orientation: Int) -> Dihedral {
        switch orientation {
        case 2: .flipX
        case 3: .rotate180
        case 4: .flipY
        case 5: .flipPlus1
        case 6: .rotate270
        case 7: .flipMinus1
        case 8: .rotate90
        default: .original
        }
    }

    /// The orientation in a TIFF-structured EXIF block (starting at its byte-order mark), or
    /// `nil` when the block is malformed or has no valid orientation tag in IFD0.
    ///
    /// Reads at most the first IFD's entries, never following pointers elsewhere.
    static func parseTIFF(_ block: UnsafeBufferPointer<UInt8>) -> Int? {
        var tiff = block
        // Some writers keep JPEG's "Exif\0\0" prefix in PNG and WebP chunks.
        if tiff.count >= 6, tiff[0] == 0x45, tiff[1] == 0x78, tiff[2] == 0x69, tiff[3] == 0x66, tiff[4] == 0,
           tiff[5] == 0 {
            tiff = UnsafeBufferPointer(rebasing: tiff[6...])
        }
        guard tiff.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (tiff[0], tiff[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func u16(_ i: Int) -> Int {
            littleEndian ? Int(tiff[i]) | Int(tiff[i + 1]) << 8 : Int(tiff[i]) << 8 | Int(tiff[i + 1])
        }
        func u32(_ i: Int) -> Int {
            littleEndian ? u16(i) | u16(i + 2) << 16 : u16(i) << 16 | u16(i + 2)
        }
        guard u16(2) == 42 else { return nil }
        let ifd = u32(4)
        guard ifd >= 8, ifd <= tiff.count - 2 else { return nil }
        let declared = u16(ifd)
        let available = (tiff.count - ifd - 2) / 12
        for entry in 0 ..< min(declared, available) {
            let at = ifd + 2 + entry * 12
            guard u16(at) == 0x0112 else { continue }
            let value: Int
            switch u16(at + 2) {
            case 3: value = u16(at + 8)  // SHORT, the type the specification prescribes
            case 4: value = u32(at + 8)  // LONG, written by a few tools
            default: return nil
            }
            return (1 ... 8).contains(value) ? value : nil
        }
        return nil
    }

    /// The orientation recorded in a JPEG, PNG or WebP file, or 1 when there is none.
    static func find(in bytes: UnsafeBufferPointer<UInt8>, format: ImageFormat) -> Int {
        let block: UnsafeBufferPointer<UInt8>? =
            switch format {
            case .jpeg: ExifLocator.jpegExif(bytes)
            case .png: ExifLocator.pngExif(bytes)
            case .webp: ExifLocator.webpExif(bytes)
            }
        guard let block else { return 1 }
        return parseTIFF(block) ?? 1
    }
}
