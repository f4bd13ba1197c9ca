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

    /// Parses 64 hex digits (upper or lower case), without allocating: ledgers hold millions.
    ///
    /// - Returns: `nil` unless `hex` is exactly 64 hex digits.
    public init?(hex: some StringProtocol) {
        self.init(hexDigits: hex.utf8)
    }

    /// Parses 64 hex digits given as ASCII bytes (upper or lower case), such as a text column
    /// read from a database without making a string of it.
    ///
    /// - Returns: `nil` unless `hexDigits` is exactly 64 hex digits.
    public init?(hexDigits: some Collection<UInt8>) {
        var words = SIMD4<UInt64>.zero
        var digits = 0
        for byte in hexDigits {
            guard digits < 64, let value = Self.hexValue(byte) else { return nil }
            words[digits >> 4] = words[digits >> 4] << 4 | value
            digits += 1
        }
        guard digits == 64 else { return nil }
        self.words = words
    }

    /// The value of one hex digit, or `nil`.
    private static func hexValue(_ byte: UInt8) -> UInt64? {
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "9"): UInt64(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a") ... UInt8(ascii: "f"): UInt64(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A") ... UInt8(ascii: "F"): UInt64(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// 64 lower-case hex digits, most significant first.
    public var hex: String {
        String(unsafeUninitializedCapacity: 64) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for i in 0 ..< 64 {
                let nibble = Int((words[i >> 4] >> UInt64(60 - 4 * (i & 15))) & 0xF)
                buffer[i] = digits.utf8Start[nibble]
            }
            return 64
        }
    }

    /// Bit `k` (0 = least significant).
    public subscript(bit k: Int) -> Bool {
        get { (words[3 - k / 64] >> UInt64(k % 64)) & 1 == 1 }
        set {
            let mask: UInt64 = 1 << UInt64(k % 64)
            if newValue { words[3 - k / 64] |= mask } else { words[3 - k / 64] &= ~mask }
        }
    }

    /// Calls `body` with the four words, most significant first, at a stable address (for the
    /// C kernels, which take a hash as a pointer to its words).
    public func withWords<R, E: Error>(_ body: (UnsafePointer<UInt64>) throws(E) -> R) throws(E) -> R {
        var words = (self.words[0], self.words[1], self.words[2], self.words[3])
        return try withUnsafePointer(to: &words) { tuple throws(E) in
            try tuple.withMemoryRebound(to: UInt64.self, capacity: 4) { pointer throws(E) in try body(pointer) }
        }
    }

    /// Number of differing bits.
    @inlinable
    public func distance(to other: Bits256) -> Int {
        Int(truncatingIfNeeded: (words ^ other.words).nonzeroBitCount.wrappedSum())
    }
}
