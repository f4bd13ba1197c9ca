import PalimpsestCore
import Foundation
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestFingerprint

/// The JSON report of a run (`report.json`), versioned; its JSON Schema is
/// `Schemas/report-v1.schema.json`.
public struct ScanReport: Codable, Sendable {
    /// The version of this document's shape: 1.1 added ``Image/hashOnly``; 1.2 the run's
    /// matching configuration and its fingerprint, and a `<name>_distance` signal and a
    /// fingerprint key for every registered perceptual hash.
    public static let currentVersion = "1.2"

    /// The version of this document's shape.
    public var reportVersion = ScanReport.currentVersion
    /// What ran, when, with which settings.
    public var run: RunSection
    /// Counts.
    public var summary: Summary
    /// One entry per query image, including those with no match.
    public var findings: [Finding]
    /// Inputs that could not be processed.
    public var errors: [FileError]
    /// For audit runs: memorization measures (absent for scans).
    public var audit: AuditSection?

    /// The run's facts.
    public struct RunSection: Codable, Sendable {
        public var id: String
        public var command: String
        public var commandLine: String
        public var toolVersion: String
        public var startedAt: String
        public var finishedAt: String?
        /// The grade rules in force (also in ``configuration``).
        public var thresholds: Thresholds?
        /// Every number of matching and grading in force.
        public var configuration: MatchingConfiguration?
        /// The SHA-256 of ``configuration`` as canonical JSON: reports with the same
        /// fingerprint were graded by the same rules.
        public var configurationFingerprint: String?
        /// Algorithm names and versions.
        public var algorithms: [String: String]?
        /// The corpora scanned against.
        public var corpora: [String]
    }

    /// Counts over the run.
    public struct Summary: Codable, Sendable {
        public var queries: Int
        public var flagged: Int
        public var errors: Int
        /// Number of queries whose worst grade is each grade.
        public var byGrade: [String: Int]
    }

    /// The result for one query image.
    public struct Finding: Codable, Sendable {
        /// The finding's id in the ledger.
        public var id: Int64
        public var query: Image
        /// The worst grade among the matches.
        public var grade: String
        /// The best match's score.
        public var score: Double
        /// The top candidates, best first.
        public var matches: [Match]
    }

    /// An image file: where it was, what it is, and its fingerprints; or a reference known only
    /// by its PDQ hash (``hashOnly``), whose `path` is the label its hash list gave it, whose
    /// `sha256` is the ledger identity `pdq:<hex>`, and whose fingerprints hold that hash.
    public struct Image: Codable, Sendable {
        public var path: String
        public var sha256: String
        /// `true` when only a PDQ hash is known of this reference: there is no file to show or
        /// verify, and the match rests on the PDQ distance alone (absent for image files).
        public var hashOnly: Bool?
        public var corpus: String?
        public var format: String?
        public var width: Int?
        public var height: Int?
        public var fileSize: Int64?
        public var fingerprints: FingerprintSet?
    }

    /// The fingerprints of an image, as hex. Each registered perceptual hash is a key of its own,
    /// named after the hash (`ahash`, `phash`, …), so a hash added to the registry appears here
    /// without a change to this type.
    public struct FingerprintSet: Codable, Sendable {
        public var pdq: String?
        public var pdqQuality: Int?
        public var pdqDihedral: [String]?
        /// Every registered hash's code, by the hash's name.
        public var hashes: [String: HashCode]
        public var embedder: String?

        public init(pdq: String?, pdqQuality: Int?, pdqDihedral: [String]?, hashes: [String: HashCode], embedder: String?) {
            self.pdq = pdq
            self.pdqQuality = pdqQuality
            self.pdqDihedral = pdqDihedral
            self.hashes = hashes
            self.embedder = embedder
        }

        private enum FixedKey: String, CaseIterable { case pdq, pdqQuality, pdqDihedral, embedder }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: AnyCodingKey.self)
            pdq = try c.decodeIfPresent(String.self, forKey: AnyCodingKey(FixedKey.pdq.rawValue))
            pdqQuality = try c.decodeIfPresent(Int.self, forKey: AnyCodingKey(FixedKey.pdqQuality.rawValue))
            pdqDihedral = try c.decodeIfPresent([String].self, forKey: AnyCodingKey(FixedKey.pdqDihedral.rawValue))
            embedder = try c.decodeIfPresent(String.self, forKey: AnyCodingKey(FixedKey.embedder.rawValue))
            let fixed = Set(FixedKey.allCases.map(\.rawValue))
            var hashes: [String: HashCode] = [:]
            for key in c.allKeys where !fixed.contains(key.stringValue) {
                if let code = try? c.decode(HashCode.self, forKey: key) { hashes[key.snakeCased] = code }
            }
            self.hashes = hashes
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: AnyCodingKey.self)
            try c.encodeIfPresent(pdq, forKey: AnyCodingKey(FixedKey.pdq.rawValue))
            try c.encodeIfPresent(pdqQuality, forKey: AnyCodingKey(FixedKey.pdqQuality.rawValue))
            try c.encodeIfPresent(pdqDihedral, forKey: AnyCodingKey(FixedKey.pdqDihedral.rawValue))
            for (name, code) in HashCodes(hashes) { try c.encode(code, forKey: AnyCodingKey(name)) }
            try c.encodeIfPresent(embedder, forKey: AnyCodingKey(FixedKey.embedder.rawValue))
        }
    }

    /// A graded candidate.
    public struct Match: Codable, Sendable {
        public var rank: Int
        public var reference: Image
        public var score: Double
        public var grade: String
        public var signals: Signals
    }

    /// An input that failed.
    public struct FileError: Codable, Sendable {
        public var path: String
        public var kind: String
        public var message: String
    }
}
