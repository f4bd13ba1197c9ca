import Crypto
import Foundation

/// The SHA-256 digests that identify files, pixels, reports and ledger entries, as 64
/// lower-case hex digits.
public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// SHA-256 of `bytes`, as its 32 bytes.
    public static func sha256<Bytes: DataProtocol>(_ bytes: Bytes) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    /// SHA-256 taken over bytes given a part at a time.
    public struct SHA256Stream {
        private var hasher = SHA256()

        public init() {}

        public mutating func update<Bytes: DataProtocol>(_ bytes: Bytes) { hasher.update(data: bytes) }

        public func finalize() -> [UInt8] { Array(hasher.finalize()) }
    }

    /// SHA-256 over the raster's width, height and pixel bytes: equal for files that decode to
    /// the same pixels at the same size, whatever their encoding.
    public static func pixelDigest(_ raster: Raster) -> String {
        var hasher = SHA256()
        hasher.update(data: Array("\(raster.width)x\(raster.height):".utf8))
        hasher.update(data: raster.bytes)
        return hex(hasher.finalize())
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
