import Crypto
import Foundation
import PalimpsestCore

/// Computes all of an image's ``Fingerprints`` from its file bytes and its decoded pixels.
///
/// ```swift
/// let fingerprints = Fingerprinter().fingerprint(fileBytes: bytes, raster: decoded.raster)
/// print(fingerprints.pdq.hash.hex)
/// ```
public struct Fingerprinter: Sendable {
    /// The embedder used for ``Fingerprints/embedding``.
    public let embedder: any Embedder
    /// When set, ImageHash and the embedding run on the raster halved down to this short side
    /// (they look at 8 to 64 pixels a side); `nil` keeps every pixel, for reference-exact ImageHash.
    public let layoutShortSide: Int?
    private let pdq = PDQHasher()
    private let imageHasher = ImageHasher()

    /// Creates a fingerprinter with the given embedder.
    public init(embedder: any Embedder = LayoutEmbedder(), layoutShortSide: Int? = nil) {
        self.embedder = embedder
        self.layoutShortSide = layoutShortSide
    }

    /// Fingerprints one image.
    ///
    /// - Parameters:
    ///   - fileBytes: the file exactly as received (for SHA-256).
    ///   - raster: its decoded, upright, alpha-free pixels (possibly DCT-scaled).
    public func fingerprint(fileBytes: [UInt8], raster: Raster) -> Fingerprints {
        let layout = layoutShortSide.map { raster.reduced(toShortSideAtLeast: $0) } ?? raster
        return Fingerprints(
            sha256: Self.sha256Hex(fileBytes),
            pixelDigest: Self.pixelDigest(raster),
            pdq: pdq.fingerprint(raster),
            hashes: imageHasher.hashes(layout),
            embedding: embedder.embed(layout),
            embedderIdentifier: embedder.identifier
        )
    }

    /// The embedding of `raster` alone, computed as ``fingerprint(fileBytes:raster:)`` does.
    public func embedding(of raster: Raster) -> [Float] {
        embedder.embed(layoutShortSide.map { raster.reduced(toShortSideAtLeast: $0) } ?? raster)
    }

    /// SHA-256 of `bytes` as 64 lower-case hex digits.
    public static func sha256Hex<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// SHA-256 over the raster's width, height and pixel bytes.
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
