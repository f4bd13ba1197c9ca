import PalimpsestCore

/// Computes Meta's PDQ perceptual hash, its quality and its eight dihedral variants.
///
/// The result is bit-identical to the reference C++ implementation
/// (`pdqDihedralHash256esFromFloatLuma`) run on the same pixels at full resolution: float
/// luma, two rounds of Jarosz box filtering, decimation to 64×64, a 16×16 DCT, and one bit
/// per coefficient above the median. Unlike the reference command-line tool it does not first
/// squash large images to 512×512.
///
/// ```swift
/// let fingerprint = PDQHasher().fingerprint(raster)
/// print(fingerprint.hash.hex, fingerprint.quality)
/// let mirrored = fingerprint.hash(for: .flipX)
/// ```
public struct PDQHasher: Sendable {
    /// Images narrower or shorter than this many pixels get the all-zero hash and quality 0,
    /// as in the reference.
    public static let minimumSide = 5

    /// Creates a hasher.
    public init() {}

    /// Hashes `raster`.
    ///
    /// - Parameter raster: the image's pixels; alpha must already be resolved.
    /// - Returns: the hash, the quality (0…100) and the hashes of the eight dihedral transforms.
    public func fingerprint(_ raster: Raster) -> PDQFingerprint {
        guard raster.width >= Self.minimumSide && raster.height >= Self.minimumSide else {
            return PDQFingerprint(hash: .zero, quality: 0, dihedral: Array(repeating: .zero, count: 8))
        }
        let side = JaroszDownsampler.side
        let block = UnsafeMutablePointer<Float>.allocate(capacity: side * side)
        let coefficients = UnsafeMutablePointer<Float>.allocate(capacity: 256)
        let variant = UnsafeMutablePointer<Float>.allocate(capacity: 256)
        defer {
            block.deallocate()
            coefficients.deallocate()
            variant.deallocate()
        }
        JaroszDownsampler.downsample(raster, into: block)
        let quality = Self.quality(block)
        PDQTransform.dct(block, into: coefficients)
        let hashes = Dihedral.allCases.map { transform in
            PDQTransform.coefficients(coefficients, for: transform, into: variant)
            return PDQTransform.bits(variant)
        }
        return PDQFingerprint(hash: hashes[0], quality: quality, dihedral: hashes)
    }

    /// PDQ's quality heuristic on the 64×64 block: the sum of quantised neighbour gradients
    /// divided by 90, capped at 100.
    static func quality(_ block: UnsafePointer<Float>) -> Int {
        let side = JaroszDownsampler.side
        var gradientSum = 0
        @inline(__always) func step(_ u: Float, _ v: Float) -> Int {
            abs(Int(((u - v) * 100) / 255))
        }
        for i in 0 ..< side - 1 {
            for j in 0 ..< side {
                gradientSum += step(block[i * side + j], block[(i + 1) * side + j])
            }
        }
        for i in 0 ..< side {
            for j in 0 ..< side - 1 {
                gradientSum += step(block[i * side + j], block[i * side + j + 1])
            }
        }
        return min(gradientSum / 90, 100)
    }
}
