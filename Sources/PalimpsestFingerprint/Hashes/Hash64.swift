import PalimpsestCore

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

    /// The code the ledger and reports carry.
    public var code: HashCode { HashCode(hex: hex) }
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

    /// The code the ledger and reports carry.
    public var code: HashCode { HashCode(hex: hex) }
}

/// Formats a 64-bit value as 16 lower-case hex digits.
func hex16(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
