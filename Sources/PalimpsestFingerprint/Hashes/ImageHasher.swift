import PalimpsestCore

/// Computes every registered perceptual hash (``PerceptualHashes``): ImageHash's average,
/// difference (both ways), perceptual, wavelet and colour hashes, exactly as ImageHash 4.3
/// computes them with Pillow, from RGB pixels.
///
/// Pillow 13's fixed-point grey conversion, LANCZOS resampler and HSV conversion, SciPy's DCT
/// and PyWavelets' Haar transform are reproduced bit for bit, so for the same RGB pixels the
/// hashes equal `str(imagehash.average_hash(image))` and friends, ties included. Images with
/// alpha or a palette must be converted to RGB first, as `Image.convert('RGB')` would (alpha
/// is ignored by ImageHash's grey conversion). No EXIF orientation is applied here.
///
/// ```swift
/// let hashes = ImageHasher().hashes(raster)
/// print(hashes["phash"]!.hex)      // 16 hex digits, as `str(imagehash.phash(image))`
/// print(hashes["colorhash"]!.hex)  // 11 hex digits
/// ```
public struct ImageHasher: Sendable {
    /// The hashes computed.
    public let hashes: [any PerceptualHash]

    /// Creates a hasher of `hashes` (every registered one by default).
    public init(hashes: [any PerceptualHash] = PerceptualHashes.all) {
        self.hashes = hashes
    }

    /// Hashes `raster`.
    ///
    /// - Returns: every hash's code; codes of all zero bits for an empty raster.
    public func hashes(_ raster: Raster) -> HashCodes {
        guard raster.width > 0 && raster.height > 0 else {
            return HashCodes(Dictionary(uniqueKeysWithValues: hashes.map {
                ($0.name, HashCode(hex: String(repeating: "0", count: ($0.bitCount + 3) / 4)))
            }))
        }
        let input = HashingInput(raster)
        return HashCodes(Dictionary(uniqueKeysWithValues: hashes.map { ($0.name, $0.code(of: input)) }))
    }

    /// One pass over the pixels: Pillow's grey levels into `gray`, and the colour-hash counts.
    static func convert(_ raster: Raster, into gray: GrayImage) -> ColorHashTally {
        let width = raster.width
        var tally = ColorHashTally()
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: width)
        defer { scratch.deallocate() }
        raster.bytes.withUnsafeBufferPointer { pixels in
            for band in 0 ..< gray.bandCount {
                let y0 = band * GrayImage.bandHeight
                for y in y0 ..< min(y0 + GrayImage.bandHeight, raster.height) {
                    tally.add(
                        row: pixels.baseAddress! + y * width * 3, width: width, luminance: gray.row(y), scratch: scratch
                    )
                }
                gray.interleave(band: band)
            }
        }
        return tally
    }
}
