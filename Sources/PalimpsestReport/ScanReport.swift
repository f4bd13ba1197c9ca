import Foundation
import PalimpsestLedger
import PalimpsestMatch

/// The JSON report of a run (`report.json`), versioned; its JSON Schema is
/// `Schemas/report-v1.schema.json`.
public struct ScanReport: Codable, Sendable {
    /// The version of this document's shape: 1.1 added ``Image/hashOnly``.
    public static let currentVersion = "1.1"

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
        /// The thresholds in force.
        public var thresholds: Thresholds?
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

    /// The fingerprints of an image, as hex.
    public struct FingerprintSet: Codable, Sendable {
        public var pdq: String?
        public var pdqQuality: Int?
        public var pdqDihedral: [String]?
        public var ahash: String?, dhash: String?, phash: String?, whash: String?, colorhash: String?
        public var embedder: String?
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
