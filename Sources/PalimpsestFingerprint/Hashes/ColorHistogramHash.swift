import PalimpsestCore

/// ImageHash's `colorhash` with 3 bits per bin: the shares of black, grey, and faint and bright
/// colours in six hue bins.
public struct ColorHistogramHash: PerceptualHash {
    public let name = "colorhash"
    public let label = "Colour hash"
    public let bitCount = 42
    public let summary = "ImageHash's colorhash (3 bits per bin): the shares of black, grey, and faint and bright pixels in six hue bins."
    /// Bin values 0…7 over 14 bins.
    public let maxDistance = 98

    /// The hash.
    public init() {}

    public func code(of image: HashingInput) -> HashCode {
        image.colours.hash.code
    }

    /// The sum of the bins' absolute differences.
    public func distance(between a: HashCode, and b: HashCode) -> Int? {
        guard let x = ColorHash(hex: a.hex), let y = ColorHash(hex: b.hex) else { return nil }
        return x.distance(to: y)
    }
}
