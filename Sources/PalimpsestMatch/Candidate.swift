import PalimpsestCore
import PalimpsestFingerprint

/// What the matcher knows about a reference beyond what the index holds, for the pairs it scores.
public struct ReferenceDetails: Sendable {
    /// SHA-256 of the reference file, when known.
    public var sha256: String?
    /// Digest of its decoded pixels, when known.
    public var pixelDigest: String?
    /// Its perceptual hashes but PDQ, when known (hash-only references have none).
    public var hashes: HashCodes?

    /// Groups what is known of a reference.
    public init(sha256: String?, pixelDigest: String?, hashes: HashCodes?) {
        self.sha256 = sha256
        self.pixelDigest = pixelDigest
        self.hashes = hashes
    }
}

/// One scored, graded (query, reference) pair.
public struct Candidate: Sendable {
    /// Position of the reference in the index.
    public var position: Int
    /// Every signal's raw value.
    public var signals: Signals
    /// Calibrated score in [0, 1].
    public var score: Double
    /// The decision.
    public var grade: Grade

    /// Groups a scored pair.
    public init(position: Int, signals: Signals, score: Double, grade: Grade) {
        self.position = position
        self.signals = signals
        self.score = score
        self.grade = grade
    }
}
