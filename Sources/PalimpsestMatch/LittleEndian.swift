/// Fixed-width integers written to and read from byte arrays little-endian, as the panels'
/// encodings store them.
enum LittleEndian {
    /// Appends `value`'s bytes, least significant first.
    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// The value of type `T` whose bytes, least significant first, start at `offset`.
    static func read<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
        var value: T = 0
        for i in 0 ..< MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
        return value
    }
}
