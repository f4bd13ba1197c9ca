import PalimpsestCore
import GRDB

/// A row of `run_completion`: a run reached its end. Runs are never updated; a run resumed
/// and finished again gets another completion, and the latest one counts.
public struct RunCompletionRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "run_completion"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Row id.
    public var id: Int64?
    /// The run that finished.
    public var runId: String
    /// When it finished (ISO 8601, UTC).
    public var finishedAt: String
}
