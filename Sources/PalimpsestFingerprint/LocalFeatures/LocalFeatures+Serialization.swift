import PalimpsestCore

extension LocalFeatures {
    /// The first byte of every serialization: "PLF" and a format version.
    static let magic: [UInt8] = [0x50, 0x4C, 0x46, 1]
    /// Bytes per keypoint: five little-endian `Float`s.
    static let keypointBytes = 20
    /// The most keypoints a serialization may declare.
    static let maxSerializedCount = 1 << 20

    /// A compact, versioned byte form for storage: the magic `PLF\u{1}`, width, height and
    /// count as little-endian `UInt32`, each keypoint as five little-endian `Float`s (x, y,
    /// scale, angle, response), then the descriptors.
    public func serialized() -> [UInt8] {
        var out = Self.magic
        out.reserveCapacity(16 + count * (Self.keypointBytes + Self.descriptorLength))
        for value in [width, height, count] { Self.append(UInt32(clamping: value), to: &out) }
        for point in keypoints {
            for value in [point.x, point.y, point.scale, point.angle, point.response] {
                Self.append(value.bitPattern, to: &out)
            }
        }
        out += descriptors
        return out
    }

    /// Restores features from ``serialized()``; `nil` when the bytes are not a complete,
    /// well-formed serialization of this version (wrong magic, truncated, trailing bytes,
    /// implausible sizes or non-finite values).
    public init?(serialized bytes: [UInt8]) {
        guard bytes.count >= 16, Array(bytes[0 ..< 4]) == Self.magic else { return nil }
        let width = Int(Self.uint32(bytes, at: 4)), height = Int(Self.uint32(bytes, at: 8))
        let count = Int(Self.uint32(bytes, at: 12))
        guard count <= Self.maxSerializedCount,
              bytes.count == 16 + count * (Self.keypointBytes + Self.descriptorLength)
        else { return nil }
        var points: [Keypoint] = []
        points.reserveCapacity(count)
        for i in 0 ..< count {
            let base = 16 + i * Self.keypointBytes
            let v = (0 ..< 5).map { Float(bitPattern: Self.uint32(bytes, at: base + 4 * $0)) }
            guard v.allSatisfy(\.isFinite) else { return nil }
            points.append(Keypoint(x: v[0], y: v[1], scale: v[2], angle: v[3], response: v[4]))
        }
        let start = 16 + count * Self.keypointBytes
        self.init(width: width, height: height, keypoints: points, descriptors: Array(bytes[start...]))
    }

    private static func append(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
                UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 24)]
    }

    private static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }
}
