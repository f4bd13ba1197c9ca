/// A 64-bit perceptual hash as ImageHash computes it (average, difference, perceptual or wavelet).
///
/// Bits are row-major with the first bit most significant, so ``hex`` matches ImageHash's `str()`.
public struct Hash64: Hashable, Sendable {
    /// The 64 bits, first hash bit in the most significant position.
    public var value: UInt64

    /// Wraps a packed value.
    public init(_ value: UInt64) { self.value = value }

    /// Parses 16 hex digits.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 16, let v = UInt64(hex, radix: 16) else { return nil }
        value = v
    }

    /// 16 lower-case hex digits.
    public var hex: String { hex16(value) }

    /// Number of differing bits, 0…64.
    @inlinable
    public func distance(to other: Hash64) -> Int { (value ^ other.value).nonzeroBitCount }
}

/// ImageHash's colour hash: 14 bins of 3 bits (42 bits), printed as 11 hex digits.
public struct ColorHash: Hashable, Sendable {
    /// The 42 bits, first bin's most significant bit highest.
    public var value: UInt64

    /// Wraps a packed value.
    public init(_ value: UInt64) { self.value = value }

    /// Parses the 11 hex digits ImageHash prints.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 11, let v = UInt64(hex, radix: 16), v >> 42 == 0 else { return nil }
        value = v
    }

    /// 11 lower-case hex digits, as ImageHash prints a 42-bit hash.
    public var hex: String { String(hex16(value).suffix(11)) }

    /// The 14 bin values, 0…7 each.
    public var bins: [Int] { (0 ..< 14).map { Int((value >> UInt64(3 * (13 - $0))) & 7) } }

    /// Sum of absolute bin differences (0…98): a coarse colour-distribution distance.
    public func distance(to other: ColorHash) -> Int {
        zip(bins, other.bins).reduce(0) { $0 + abs($1.0 - $1.1) }
    }
}

/// ImageHash-compatible hashes of one image.
public struct ImageHashes: Hashable, Sendable {
    /// `average_hash`: 8×8 grey, bit = pixel above the mean.
    public var ahash: Hash64
    /// `dhash`: 9×8 grey, bit = right neighbour brighter.
    public var dhash: Hash64
    /// `phash`: 32×32 grey, DCT, top-left 8×8 above the median.
    public var phash: Hash64
    /// `whash` with the Haar wavelet.
    public var whash: Hash64
    /// `colorhash` with 3 bits per bin.
    public var colorhash: ColorHash

    /// Groups the five hashes.
    public init(ahash: Hash64, dhash: Hash64, phash: Hash64, whash: Hash64, colorhash: ColorHash) {
        self.ahash = ahash
        self.dhash = dhash
        self.phash = phash
        self.whash = whash
        self.colorhash = colorhash
    }
}
