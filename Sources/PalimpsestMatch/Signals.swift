import PalimpsestCore

/// The raw value of every signal for one (query, reference) pair: what the score and grade
/// were computed from, recorded in the ledger and the report.
public struct Signals: Codable, Sendable, Equatable {
    /// The files are byte-for-byte identical (same SHA-256).
    public var sameBytes = false
    /// The files decode to identical pixels at the same size.
    public var samePixels = false
    /// Smallest PDQ Hamming distance over the query's eight dihedral variants (0…256).
    public var pdqDistance: Int?
    /// The dihedral variant of the query that gave ``pdqDistance``.
    public var pdqTransform: Dihedral?
    /// The lower PDQ quality of the two images (hashes under 50 are unreliable).
    public var pdqQuality: Int?
    /// pHash Hamming distance (0…64).
    public var phashDistance: Int?
    /// dHash Hamming distance (0…64).
    public var dhashDistance: Int?
    /// wHash Hamming distance (0…64).
    public var whashDistance: Int?
    /// Colour-hash bin distance (0…98).
    public var colorhashDistance: Int?
    /// Cosine similarity of the embeddings (−1…1).
    public var embeddingCosine: Float?
    /// Embedding similarity normalised against the query's similarity to unrelated corpus
    /// images: (cosine − background mean) / background spread.
    public var embeddingZ: Float?

    /// References proposed by local-feature voting: how many query features voted for this one.
    public var votes: Int?
    /// The geometric relation found by local-feature verification, if any.
    public var geometry: GeometrySummary?
    /// Agreement after mapping the reference onto the query (through ``geometry`` when it was
    /// found, otherwise by stretching one whole image onto the other).
    public var alignment: AlignmentMeasures?

    /// For derivatives: the estimated strength band, judged from ``alignment``.
    public var derivativeStrength: DerivativeStrength?

    /// Whether the query's generator parameters name this reference as their init image: its
    /// `Init image hash` equals the MD5 of the reference's pixels. Decisive when `true`: the
    /// pair is graded derivative whatever the visual signals say.
    public var initImageHashMatch: Bool?
    /// What the query's metadata says about image-to-image generation (`confirmed: …` or
    /// `likely: …`), recorded next to every candidate of that query.
    public var imageToImageClaim: String?

    /// Creates an empty set of signals.
    public init() {}
}
