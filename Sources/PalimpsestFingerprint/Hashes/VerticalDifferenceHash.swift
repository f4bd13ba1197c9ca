import PalimpsestCore

/// ImageHash's `dhash_vertical`: in an 8×9 grey thumbnail, whether each pixel's lower neighbour
/// is brighter. It sees the horizontal edges that ``DifferenceHash`` misses.
public struct VerticalDifferenceHash: PerceptualHash {
    public let name = "dhash_vertical"
    public let label = "Vertical dHash"
    public let bitCount = 64
    public let summary = "ImageHash's dhash_vertical: in an 8×9 grey thumbnail, whether each pixel's lower neighbour is brighter."

    /// The hash.
    public init() {}

    public func code(of image: HashingInput) -> HashCode {
        let pixels = image.thumbnail(width: 8, height: 9)
        return ImageHashBits.pack { k in pixels[k + 8] > pixels[k] }.code
    }
}
