import PalimpsestCore

/// ImageHash's `dhash`: in a 9×8 grey thumbnail, whether each pixel's right neighbour is brighter.
public struct DifferenceHash: PerceptualHash {
    public let name = "dhash"
    public let label = "dHash"
    public let bitCount = 64
    public let summary = "ImageHash's dhash: in a 9×8 grey thumbnail, whether each pixel's right neighbour is brighter."

    /// The hash.
    public init() {}

    public func code(of image: HashingInput) -> HashCode {
        ImageHashBits.difference(image.thumbnail(width: 9, height: 8)).code
    }
}
