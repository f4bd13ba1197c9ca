/// A packed 256-bit value, such as a PDQ hash, with a fast Hamming distance.
///
/// Bit `k` is bit `k` of a big-endian 256-bit number: `words[0]` holds bits 255…192, so the
/// first hex digit of ``hex`` holds bits 255…252, as in PDQ's reference output.
public struct Bits256: Hashable, Sendable {
    /// The four 64-bit words, most significant first.
    public var words: SIMD4<UInt64>

    /// Creates a value from four words, most significant first.
    public init(words: SIMD4<UInt64>) { self.words = words }

    /// The value with every bit clear.
    public static let zero = Bits256(words: .zero)

    /// Parses 64 hex digits (upper or lower case).
    ///
    /// - Returns: `nil` unless `hex` is exactly 64 hex digits.
    public init?(hex: some StringProtocol) {
        guard hex.utf8.count == 64 else { return nil }
        var words = SIMD4<UInt64>.zero
        let chars = Array(hex.utf8)
        for w in 0 ..< 4 {
            guard let v = UInt64(String(decoding: chars[w * 16 ..< w * 16 + 16], as: UTF8.self), radix: 16) else {
                return nil
            }
            words[w] = v
        }
        self.words = words
    }

    /// 64 lower-case hex digits, most significant first.
    public var hex: String {
        (0 ..< 4).map { hex16(words[$0]) }.joined()
    }

    /// Bit `k` (0 = least significant).
    public subscript(bit k: Int) -> Bool {
        get { (words[3 - k / 64] >> UInt64(k % 64)) & 1 == 1 }
        set {
            let mask: UInt64 = 1 << UInt64(k % 64)
            if newValue { words[3 - k / 64] |= mask } else { words[3 - k / 64] &= ~mask }
        }
    }

    /// Number of differing bits.
    @inlinable
    public func distance(to other: Bits256) -> Int {
        Int(truncatingIfNeeded: (words ^ other.words).nonzeroBitCount.wrappedSum())
    }
}

/// Formats a 64-bit value as 16 lower-case hex digits.
func hex16(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
