import GRDB
import PalimpsestCore

/// A row of `finding`: the result for one query image in one run.
public struct FindingRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "finding"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Row id: the finding id used by reports and evidence bundles.
    public var id: Int64?
    /// The run it belongs to.
    public var runId: String
    /// The query's path as given.
    public var queryPath: String
    /// The query image's row in `image`.
    public var imageId: Int64
    /// The worst grade among its candidates.
    public var bestGrade: String
    /// The highest candidate score.
    public var bestScore: Double
    /// When it was recorded.
    public var createdAt: String
}

/// A row of `candidate`: one graded reference for a finding.
public struct CandidateRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "candidate"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Row id.
    public var id: Int64?
    /// The finding it belongs to.
    public var findingId: Int64
    /// 1 for the best candidate.
    public var rank: Int
    /// The reference image's row in `image`.
    public var referenceImageId: Int64
    /// The corpus the reference was found in.
    public var corpus: String
    /// The path the reference was added from.
    public var referencePath: String
    /// Calibrated score.
    public var score: Double
    /// Grade.
    public var grade: String
    /// Every signal's raw value, as JSON.
    public var signals: String
}

/// A row of `file_error`: an input that could not be processed, and why.
public struct FileErrorRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "file_error"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Row id.
    public var id: Int64?
    /// The run that met it.
    public var runId: String
    /// The file's path as given.
    public var path: String
    /// Short machine-readable kind (`truncated`, `corrupt`, …).
    public var kind: String
    /// The message shown to the user.
    public var message: String
    /// When it was recorded.
    public var createdAt: String

    /// Creates an error record.
    public init(id: Int64? = nil, runId: String, path: String, kind: String, message: String, createdAt: String) {
        self.id = id
        self.runId = runId
        self.path = path
        self.kind = kind
        self.message = message
        self.createdAt = createdAt
    }

    /// The record of `error`, met at `path` during run `runID`, stamped now.
    public init(runID: String, path: String, error: some PalimpsestError) {
        self.init(runId: runID, path: path, kind: error.kind, message: error.message, createdAt: Ledger.timestamp())
    }
}

/// A row of `report`: a report file written for a run, with its SHA-256.
public struct ReportRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "report"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Row id.
    public var id: Int64?
    /// The run it reports.
    public var runId: String
    /// Where it was written.
    public var path: String
    /// SHA-256 of its bytes.
    public var sha256: String
    /// When it was written.
    public var createdAt: String

    /// Creates a report record.
    public init(id: Int64? = nil, runId: String, path: String, sha256: String, createdAt: String) {
        self.id = id
        self.runId = runId
        self.path = path
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}
