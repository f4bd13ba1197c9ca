import PalimpsestCore

/// ImageHash's `phash`: the low frequencies of a 32×32 grey thumbnail's DCT above their median.
public struct DCTHash: PerceptualHash {
    public let name = "phash"
    public let label = "pHash"
    public let bitCount = 64
    public let summary = "ImageHash's phash: the top-left 8×8 of a 32×32 grey thumbnail's DCT above their median."

    /// The hash.
    public init() {}

    public func code(of image: HashingInput) -> HashCode {
        ImageHashBits.perceptual(image.thumbnail(width: 32, height: 32)).code
    }
}
