import PalimpsestCore

/// Bounds-checked integer reads from a byte buffer: `nil` instead of a trap when the buffer
/// is too short, since every offset read from a file is hostile until checked.
extension Collection where Element == UInt8, Index == Int {
    /// The big-endian 16-bit integer at `offset`.
    func uint16BE(at offset: Int) -> Int? {
        guard offset >= startIndex, offset <= endIndex - 2 else { return nil }
        return Int(self[offset]) << 8 | Int(self[offset + 1])
    }

    /// The big-endian 32-bit integer at `offset`.
    func uint32BE(at offset: Int) -> Int? {
        guard offset >= startIndex, offset <= endIndex - 4 else { return nil }
        return Int(self[offset]) << 24 | Int(self[offset + 1]) << 16 | Int(self[offset + 2]) << 8 | Int(self[offset + 3])
    }

    /// The little-endian 32-bit integer at `offset`.
    func uint32LE(at offset: Int) -> Int? {
        guard offset >= startIndex, offset <= endIndex - 4 else { return nil }
        return Int(self[offset + 3]) << 24 | Int(self[offset + 2]) << 16 | Int(self[offset + 1]) << 8 | Int(self[offset])
    }

    /// The big-endian 64-bit integer at `offset`, or `nil` when it does not fit an `Int`.
    func uint64BE(at offset: Int) -> Int? {
        guard let high = uint32BE(at: offset), let low = uint32BE(at: offset + 4), high < 1 << 31 else { return nil }
        return high << 32 | low
    }

    /// The 16-bit integer at `offset` in the given byte order.
    func uint16(at offset: Int, bigEndian: Bool) -> Int? {
        guard let value = uint16BE(at: offset) else { return nil }
        return bigEndian ? value : (value & 0xFF) << 8 | value >> 8
    }

    /// The 32-bit integer at `offset` in the given byte order.
    func uint32(at offset: Int, bigEndian: Bool) -> Int? {
        bigEndian ? uint32BE(at: offset) : uint32LE(at: offset)
    }

    /// Whether the bytes at `offset` are `prefix`.
    func hasBytes(_ prefix: some Collection<UInt8>, at offset: Int) -> Bool {
        guard offset >= startIndex, offset <= endIndex - prefix.count else { return false }
        return self[offset ..< offset + prefix.count].elementsEqual(prefix)
    }

    /// The four bytes at `offset` as text (a PNG chunk type, RIFF or JUMBF box type).
    func fourCC(at offset: Int) -> String? {
        guard offset >= startIndex, offset <= endIndex - 4 else { return nil }
        return TextDecoding.utf8OrLatin1(self[offset ..< offset + 4])
    }
}
