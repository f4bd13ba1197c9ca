import PalimpsestCore
import PalimpsestFingerprint

/// The raw value of every signal for one (query, reference) pair: what the score and grade
/// were computed from, recorded in the ledger and the report.
public struct Signals: Sendable, Equatable {
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
    /// The distance of every registered perceptual hash (``PerceptualHashes``) both images
    /// have, by the hash's name; recorded as `<name>_distance` (`phash_distance`, …).
    public var hashDistances: [String: Int] = [:]
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

    /// The pHash distance (0…64), which the score model and the grade rules read.
    public var phashDistance: Int? {
        get { hashDistances[DCTHash().name] }
        set { hashDistances[DCTHash().name] = newValue }
    }
}

extension Signals: Codable {
    private enum CodingKeys: String, CodingKey {
        case sameBytes, samePixels, pdqDistance, pdqTransform, pdqQuality, embeddingCosine, embeddingZ, votes, geometry,
             alignment, derivativeStrength, initImageHashMatch, imageToImageClaim
    }

    /// Hash distances are keyed `<name>_distance`.
    private static let distanceSuffix = "_distance"

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sameBytes = try c.decodeIfPresent(Bool.self, forKey: .sameBytes) ?? false
        samePixels = try c.decodeIfPresent(Bool.self, forKey: .samePixels) ?? false
        pdqDistance = try c.decodeIfPresent(Int.self, forKey: .pdqDistance)
        pdqTransform = try c.decodeIfPresent(Dihedral.self, forKey: .pdqTransform)
        pdqQuality = try c.decodeIfPresent(Int.self, forKey: .pdqQuality)
        embeddingCosine = try c.decodeIfPresent(Float.self, forKey: .embeddingCosine)
        embeddingZ = try c.decodeIfPresent(Float.self, forKey: .embeddingZ)
        votes = try c.decodeIfPresent(Int.self, forKey: .votes)
        geometry = try c.decodeIfPresent(GeometrySummary.self, forKey: .geometry)
        alignment = try c.decodeIfPresent(AlignmentMeasures.self, forKey: .alignment)
        derivativeStrength = try c.decodeIfPresent(DerivativeStrength.self, forKey: .derivativeStrength)
        initImageHashMatch = try c.decodeIfPresent(Bool.self, forKey: .initImageHashMatch)
        imageToImageClaim = try c.decodeIfPresent(String.self, forKey: .imageToImageClaim)
        // Whether the decoder kept keys as written (`dhash_vertical_distance`) or converted them
        // from snake case (`dhashVerticalDistance`).
        let distances = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in distances.allKeys where key.snakeCased.hasSuffix(Self.distanceSuffix) {
            let name = String(key.snakeCased.dropLast(Self.distanceSuffix.count))
            guard name != "pdq" else { continue }
            hashDistances[name] = try distances.decode(Int.self, forKey: key)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sameBytes, forKey: .sameBytes)
        try c.encode(samePixels, forKey: .samePixels)
        try c.encodeIfPresent(pdqDistance, forKey: .pdqDistance)
        try c.encodeIfPresent(pdqTransform, forKey: .pdqTransform)
        try c.encodeIfPresent(pdqQuality, forKey: .pdqQuality)
        try c.encodeIfPresent(embeddingCosine, forKey: .embeddingCosine)
        try c.encodeIfPresent(embeddingZ, forKey: .embeddingZ)
        try c.encodeIfPresent(votes, forKey: .votes)
        try c.encodeIfPresent(geometry, forKey: .geometry)
        try c.encodeIfPresent(alignment, forKey: .alignment)
        try c.encodeIfPresent(derivativeStrength, forKey: .derivativeStrength)
        try c.encodeIfPresent(initImageHashMatch, forKey: .initImageHashMatch)
        try c.encodeIfPresent(imageToImageClaim, forKey: .imageToImageClaim)
        var distances = encoder.container(keyedBy: AnyCodingKey.self)
        for (name, distance) in hashDistances {
            try distances.encode(distance, forKey: AnyCodingKey(name + Self.distanceSuffix))
        }
    }
}
