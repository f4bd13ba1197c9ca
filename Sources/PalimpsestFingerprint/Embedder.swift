import PalimpsestCore

/// Turns an image into a fixed-length, L2-normalised vector whose cosine similarity says how
/// alike two images look.
///
/// Palimpsest ships ``LayoutEmbedder``, which needs no model weights. A learned descriptor
/// (for example SSCD) can be added by conforming to this protocol; the ledger records
/// ``identifier`` so that vectors from different embedders are never compared.
public protocol Embedder: Sendable {
    /// A stable name and version, such as `layout-v1`, recorded with every vector.
    var identifier: String { get }
    /// The number of floats in every vector.
    var dimension: Int { get }
    /// Computes the unit-length descriptor of `raster`.
    func embed(_ raster: Raster) -> [Float]
}

/// Cosine similarity of two unit-length vectors of equal length.
@inlinable
public func cosineSimilarity(_ a: some Collection<Float>, _ b: some Collection<Float>) -> Float {
    precondition(a.count == b.count, "vectors from different embedders")
    return zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}
