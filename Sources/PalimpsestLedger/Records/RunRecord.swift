import PalimpsestCore
import GRDB

/// A row of `run`: one invocation of a command that processes files.
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, EncodableRecord, TableRecord {
    public static let databaseTableName = "run"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    /// Sortable unique id, such as `20261121T093000Z-3fa9c1`.
    public var id: String
    /// The subcommand (`scan`, `corpus-add`, …).
    public var command: String
    /// The full command line as typed.
    public var commandLine: String
    /// Palimpsest's version.
    public var toolVersion: String
    /// Start time (ISO 8601, UTC).
    public var startedAt: String
    /// End time, or `nil` while running or after an interruption.
    public var finishedAt: String?
    /// The thresholds in force, as JSON.
    public var thresholds: String?
    /// Algorithm names and versions, as JSON.
    public var algorithms: String?
    /// The corpora scanned against, as a JSON array.
    public var corpora: String?

    /// Creates a run record.
    public init(id: String, command: String, commandLine: String, toolVersion: String, startedAt: String,
                finishedAt: String? = nil, thresholds: String? = nil, algorithms: String? = nil, corpora: String? = nil) {
        self.id = id
        self.command = command
        self.commandLine = commandLine
        self.toolVersion = toolVersion
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.thresholds = thresholds
        self.algorithms = algorithms
        self.corpora = corpora
    }
}
