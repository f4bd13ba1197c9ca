import PalimpsestCore

/// ImageHash's `average_hash`: an 8×8 grey thumbnail's pixels above their mean.
public struct AverageHash: PerceptualHash {
    public let name = "ahash"
    public let label = "aHash"
    public let bitCount = 64
    public let summary = "ImageHash's average_hash: the pixels of an 8×8 grey thumbnail above their mean."

    /// The hash.
    public init() {}

    public func code(of image: HashingInput) -> HashCode {
        ImageHashBits.average(image.thumbnail(width: 8, height: 8)).code
    }
}
