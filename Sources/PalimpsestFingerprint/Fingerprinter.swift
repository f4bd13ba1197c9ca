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
            sha256: Digest.sha256Hex(fileBytes),
            pixelDigest: Digest.pixelDigest(raster),
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
}
