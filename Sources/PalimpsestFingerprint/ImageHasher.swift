import PalimpsestCore

/// Computes ImageHash-compatible hashes (average, difference, perceptual, wavelet and colour)
/// exactly as ImageHash 4.3 computes them with Pillow, from RGB pixels.
///
/// Pillow 13's fixed-point grey conversion, LANCZOS resampler and HSV conversion, SciPy's DCT
/// and PyWavelets' Haar transform are reproduced bit for bit, so for the same RGB pixels the
/// hashes equal `str(imagehash.average_hash(image))` and friends, ties included. Images with
/// alpha or a palette must be converted to RGB first, as `Image.convert('RGB')` would (alpha
/// is ignored by ImageHash's grey conversion). No EXIF orientation is applied here.
///
/// ```swift
/// let hashes = ImageHasher().hashes(raster)
/// print(hashes.phash.hex)      // 16 hex digits, as `str(imagehash.phash(image))`
/// print(hashes.colorhash.hex)  // 11 hex digits
/// ```
public struct ImageHasher: Sendable {
    /// Creates a hasher.
    public init() {}

    /// Hashes `raster`.
    ///
    /// - Returns: all-zero hashes for an empty raster.
    public func hashes(_ raster: Raster) -> ImageHashes {
        guard raster.width > 0 && raster.height > 0 else {
            let zero = Hash64(0)
            return ImageHashes(ahash: zero, dhash: zero, phash: zero, whash: zero, colorhash: ColorHash(0))
        }
        let gray = GrayImage(width: raster.width, height: raster.height)
        let tally = Self.convert(raster, into: gray)
        let scale = WaveletHash.imageScale(width: raster.width, height: raster.height)
        return ImageHashes(
            ahash: ImageHashBits.average(PillowResample.resize(gray, width: 8, height: 8)),
            dhash: ImageHashBits.difference(PillowResample.resize(gray, width: 9, height: 8)),
            phash: ImageHashBits.perceptual(PillowResample.resize(gray, width: 32, height: 32)),
            whash: WaveletHash.hash(PillowResample.resize(gray, width: scale, height: scale), scale: scale),
            colorhash: tally.hash
        )
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
