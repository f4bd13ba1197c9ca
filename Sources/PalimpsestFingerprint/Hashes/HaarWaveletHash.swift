import PalimpsestCore

/// ImageHash's `whash` with the Haar wavelet: the 8×8 approximation of a power-of-two grey
/// thumbnail above its median.
public struct HaarWaveletHash: PerceptualHash {
    public let name = "whash"
    public let label = "wHash"
    public let bitCount = 64
    public let summary = "ImageHash's whash (Haar): the 8×8 Haar approximation of a square grey thumbnail above its median."

    /// The hash.
    public init() {}

    public func code(of image: HashingInput) -> HashCode {
        let scale = WaveletHash.imageScale(width: image.raster.width, height: image.raster.height)
        return WaveletHash.hash(image.thumbnail(width: scale, height: scale), scale: scale).code
    }
}
