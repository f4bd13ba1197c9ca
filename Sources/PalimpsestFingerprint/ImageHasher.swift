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
        let stride = ColorHashTally.categoryCount + 1
        // Four sets of counters, used in turn, so that runs of one category do not wait on
        // each other's increments.
        let sets = 4
        var tally = ColorHashTally()
        withUnsafeTemporaryAllocation(of: Int.self, capacity: sets * stride) { counts in
            counts.initialize(repeating: 0)
            raster.bytes.withUnsafeBufferPointer { pixels in
                ColorHashTally.saturationClass.withUnsafeBufferPointer { saturationClass in
                    ColorHashTally.hueBin.withUnsafeBufferPointer { hueBin in
                        for bandIndex in 0 ..< gray.bandCount {
                            let band = gray.band(bandIndex)
                            let y0 = bandIndex * bandHeight
                            for lane in 0 ..< min(bandHeight, raster.height - y0) {
                                let row = pixels.baseAddress! + (y0 + lane) * width * 3
                                let target = band + lane
                                for x in 0 ..< width {
                                    let r = row[3 * x], g = row[3 * x + 1], b = row[3 * x + 2]
                                    let l = PillowConvert.luminance(r, g, b)
                                    target[x &* bandHeight] = l
                                    let category = ColorHashTally.category(
                                        luminance: l,
                                        saturationClass: saturationClass[Int(max(r, g, b)) << 8 | Int(min(r, g, b))],
                                        hueBin: hueBin[PillowConvert.hueIndex(r, g, b)]
                                    )
                                    counts[(x & (sets - 1)) &* stride &+ category] &+= 1
                                }
                            }
                        }
                    }
                }
            }
            for category in 0 ..< ColorHashTally.categoryCount {
                tally.counts[category] = (0 ..< sets).reduce(0) { $0 + counts[$1 * stride + category] }
            }
        }
        return tally
    }
}
