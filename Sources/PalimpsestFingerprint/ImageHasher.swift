import PalimpsestCore

/// Computes ImageHash-compatible hashes (average, difference, perceptual, wavelet and colour)
/// exactly as ImageHash 4.3 computes them with Pillow, from RGB pixels.
///
/// Pillow's fixed-point grey conversion, its LANCZOS resampler and its HSV conversion are
/// reproduced bit for bit, so for the same RGB pixels the hashes equal
/// `str(imagehash.average_hash(image))` and friends. Images with alpha or a palette must be
/// converted to RGB first, as `Image.convert('RGB')` would (alpha is ignored by ImageHash's
/// grey conversion). No EXIF orientation is applied here.
///
/// ```swift
/// let hashes = ImageHasher().hashes(raster)
/// print(hashes.phash.hex)  // "d1c4d3c3d2c5d2d3"
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
        let gray = GrayBands(width: raster.width, height: raster.height)
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
    static func convert(_ raster: Raster, into gray: GrayBands) -> ColorHashTally {
        let width = raster.width
        let bandHeight = GrayBands.bandHeight
        var tally = ColorHashTally()
        let rows = UnsafeMutablePointer<UInt8>.allocate(capacity: width * bandHeight)
        let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: width)
        rows.initialize(repeating: 0, count: width * bandHeight)
        defer {
            rows.deallocate()
            scratch.deallocate()
        }
        raster.bytes.withUnsafeBufferPointer { pixels in
            for bandIndex in 0 ..< gray.bandCount {
                let y0 = bandIndex * bandHeight
                for lane in 0 ..< min(bandHeight, raster.height - y0) {
                    tally.add(
                        row: pixels.baseAddress! + (y0 + lane) * width * 3, width: width,
                        luminance: rows + lane * width, scratch: scratch
                    )
                }
                gray.setBand(bandIndex, rows: rows)
            }
        }
        return tally
    }
}
