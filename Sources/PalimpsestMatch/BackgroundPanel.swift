import Foundation
import PalimpsestCore
import PalimpsestIndex

/// A fixed set of embeddings of real images that a query is compared with to learn how similar
/// it is to pictures it does not copy: the background against which an embedding similarity is
/// turned into a z-score (``BackgroundStatistics``).
///
/// Measured against a fixed panel, a pair's z depends on the two images and the recorded
/// configuration only. Measured against the corpus, as before, it moved whenever unrelated
/// images were added to the corpus. The configuration names the panel and its digest
/// (``EmbeddingBackground``), so a report says exactly what its scores were normalised by.
///
/// Panels are registered in ``BackgroundPanels``; `palimpsest-bench --make-panel` writes one
/// from a list of image files.
public struct BackgroundPanel: NamedPanel {
    /// Names the panel in configurations, such as `layout-v1-debian-1024`.
    public let name: String
    /// The ``PalimpsestFingerprint/Embedder/identifier`` of the embedder its vectors came from.
    public let embedder: String
    /// What the images were, for reports and `palimpsest config show`.
    public let origin: String
    /// The unit-length vectors, as embeddings of an index (searched as references' are).
    private let vectors: FingerprintIndex
    /// SHA-256 of the encoded panel (``encoded``), in hex: names these exact vectors.
    public let digest: String

    /// Floats per vector.
    public var dimension: Int { vectors.embeddingDimension }
    /// How many images the panel holds.
    public var count: Int { vectors.count }

    /// Vector `i` of the panel, for tools that make embeddings like real ones.
    public func vector(at i: Int) -> [Float] { Array(vectors.embedding(at: i)) }

    /// The encoding's first bytes: a name and a format version.
    static let magic = Array("PALPANEL1".utf8)

    /// A panel of `vectors`, each quantised to one signed byte per float with a scale per vector
    /// (the vectors used are the decoded ones, so a panel built here and one read back agree).
    public init(name: String, embedder: String, origin: String, vectors: [[Float]]) throws {
        guard let dimension = vectors.first?.count, dimension > 0, dimension <= Int(UInt16.max),
              vectors.allSatisfy({ $0.count == dimension }) else { throw BackgroundPanelError.unequalVectors }
        var bytes = Self.magic
        LittleEndian.append(UInt16(dimension), to: &bytes)
        LittleEndian.append(UInt32(vectors.count), to: &bytes)
        for vector in vectors {
            let scale = max(vector.map(abs).max() ?? 0, .leastNormalMagnitude)
            LittleEndian.append(scale.bitPattern, to: &bytes)
            for value in vector { bytes.append(UInt8(bitPattern: Int8((value / scale * 127).rounded()))) }
        }
        try self.init(name: name, embedder: embedder, origin: origin, encoded: Data(bytes))
    }

    /// A panel from its encoding (``encoded``).
    ///
    /// - Throws: ``BackgroundPanelError/malformed`` when the bytes are not a panel of this format.
    public init(name: String, embedder: String, origin: String, encoded: Data) throws {
        let bytes = [UInt8](encoded)
        let header = Self.magic.count + 6
        guard bytes.count >= header, Array(bytes.prefix(Self.magic.count)) == Self.magic else { throw BackgroundPanelError.malformed }
        let dimension = Int(LittleEndian.read(UInt16.self, bytes, at: Self.magic.count))
        let count = Int(LittleEndian.read(UInt32.self, bytes, at: Self.magic.count + 2))
        guard dimension > 0, bytes.count == header + count * (4 + dimension) else { throw BackgroundPanelError.malformed }
        var vectors = FingerprintIndex(embeddingDimension: dimension)
        vectors.reserveCapacity(count)
        for row in 0..<count {
            let at = header + row * (4 + dimension)
            let scale = Float(bitPattern: LittleEndian.read(UInt32.self, bytes, at: at)) / 127
            var vector = (0..<dimension).map { Float(Int8(bitPattern: bytes[at + 4 + $0])) * scale }
            let norm = vector.reduce(0) { $0 + $1 * $1 }
            let inverse = norm > 0 ? 1 / norm.squareRoot() : 0
            for i in vector.indices { vector[i] *= inverse }
            vectors.add(key: Int64(row), pdq: nil, pdqQuality: 0, phash: nil, embedding: vector)
        }
        self.name = name
        self.embedder = embedder
        self.origin = origin
        self.vectors = vectors
        self.encodedBytes = encoded
        digest = Digest.sha256Hex(encoded)
    }

    private let encodedBytes: Data

    /// The panel's bytes: the magic, the dimension (UInt16) and count (UInt32), then per vector
    /// its scale (Float32) and one signed byte per float, all little-endian.
    public var encoded: Data { encodedBytes }

    /// The panel in words, for reports.
    public var summary: String { "the fixed panel \(name), \(count) images: \(origin)" }

    /// The query's similarity to the panel: its mean and spread, leaving out the `nearest` most
    /// similar images (a query that copies a panel image is not made to look ordinary by it),
    /// pooled with `prior`.
    public func background(of query: [Float], leavingOut nearest: Int, prior: BackgroundStatistics) -> BackgroundStatistics {
        guard query.count == dimension, count > nearest else { return prior }
        var top = TopK<Int>(nearest)
        var sum = 0.0, sumOfSquares = 0.0
        vectors.similarities(to: query) { row, s in
            sum += Double(s)
            sumOfSquares += Double(s) * Double(s)
            top.offer(rank: -s, row)
        }
        for s in top.items.map({ -$0.rank }) {
            sum -= Double(s)
            sumOfSquares -= Double(s) * Double(s)
        }
        return prior.combined(with: BackgroundStatistics(observedSum: sum, sumOfSquares: sumOfSquares, count: Double(count - top.items.count)))
    }
}

/// Why bytes could not be read as a ``BackgroundPanel``.
public enum BackgroundPanelError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a panel of this format.
    case malformed
    /// The vectors are empty or of different lengths.
    case unequalVectors

    public var description: String {
        switch self {
        case .malformed: "not a background panel of this format (PALPANEL1)"
        case .unequalVectors: "a background panel needs at least one vector, all of one length"
        }
    }
}

/// The embedding background panels this build of Palimpsest knows, by name: add a panel by
/// adding its file and a line here.
public enum BackgroundPanels: PanelRegistry {
    /// Every registered panel.
    public static var all: [BackgroundPanel] { [standard] }
    public static let kind = "embedding background panel"
    public static let corpusSummary = "the corpus searched (scores move when unrelated references are added)"

    /// The panel of ``PalimpsestFingerprint/LayoutEmbedder`` vectors shipped with this version.
    public static let standard: BackgroundPanel = {
        do {
            return try BackgroundPanel(name: "layout-v1-debian-1024", embedder: "layout-v1", origin: LayoutPanelData.origin,
                                       encoded: Data(base64Encoded: LayoutPanelData.base64) ?? Data())
        } catch {
            fatalError("the shipped background panel does not decode: \(error)")
        }
    }()
}
