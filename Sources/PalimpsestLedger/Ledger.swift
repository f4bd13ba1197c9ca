import PalimpsestCore
import Foundation

/// The ledger: corpora, images and their fingerprints, runs, findings, errors and reports.
///
/// It lives in a SQLite file (the default: WAL mode, so readers never block the writer) or in
/// a PostgreSQL database shared by many machines; ``LedgerLocation`` says which, and nothing
/// else in Palimpsest needs to know. Both hold the same schema and the same hash chain. Every
/// method that records something does so in one transaction: an interrupted run loses at most
/// the files that were in flight.
///
/// ```swift
/// let ledger = try Ledger(path: "palimpsest.sqlite")
/// let shared = try Ledger(location: LedgerLocation(parsing: "postgres://palimpsest@db.internal/ledger"))
/// let corpus = try ledger.ensureCorpus(named: "training", kind: .training)
/// ```
///
/// Calls block the calling thread until the database answers: make them from ordinary threads
/// (the command line, ``OrderedParallel``), not from Swift concurrency's cooperative pool.
public final class Ledger: Sendable {
    /// Where the ledger lives.
    public let location: LedgerLocation
    let store: any LedgerStore

    /// The default location: `$PALIMPSEST_LEDGER` (a file path or a `postgres://` URL), else
    /// `./palimpsest.sqlite`.
    public static var defaultLocation: String {
        ProcessInfo.processInfo.environment["PALIMPSEST_LEDGER"] ?? "palimpsest.sqlite"
    }

    /// When a SQLite ledger file's write-ahead log is moved into the file.
    public enum Checkpoints: Sendable, Equatable {
        /// By the commit that fills the log past 1,000 pages (SQLite's default): that commit
        /// waits for it.
        case onCommit
        /// Only by ``Ledger/checkpoint()``, which runs beside commits instead of inside one:
        /// for a service that calls it from a background task, so that no request waits for
        /// the copy and its disk flush. The log grows until then.
        case whenAsked
    }

    /// Opens the ledger at `location`, creating and migrating it as needed.
    ///
    /// - Parameter checkpoints: when a SQLite file's write-ahead log is moved into it (ignored
    ///   for PostgreSQL and in memory).
    /// - Throws: ``LedgerError/cannotOpen(path:reason:)``.
    public init(location: LedgerLocation, checkpoints: Checkpoints = .onCommit) throws {
        self.location = location
        do {
            switch location {
            case let .file(path): store = try SQLiteStore(path: path, checkpoints: checkpoints)
            case .memory: store = try SQLiteStore()
            case let .postgres(server): store = try PostgresStore(server)
            }
        } catch let LedgerError.databaseFailure(reason) {
            throw LedgerError.cannotOpen(path: location.description, reason: reason)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError.cannotOpen(path: location.description, reason: String(describing: error))
        }
    }

    /// Opens the SQLite ledger file at `path`, creating and migrating it as needed.
    ///
    /// - Throws: ``LedgerError/cannotOpen(path:reason:)``.
    public convenience init(path: String) throws {
        try self.init(location: .file(path))
    }

    /// A fresh ledger held in memory, for tests and dry runs.
    public convenience init() throws {
        try self.init(location: .memory)
    }

    /// Moves what committed transactions left in a SQLite file's write-ahead log into the file,
    /// as far as open reads allow, without waiting for them or blocking writers; nothing for
    /// PostgreSQL or in memory. See ``Checkpoints/whenAsked``.
    ///
    /// - Throws: a database error.
    public func checkpoint() throws {
        try store.checkpoint()
    }

    /// The names of every migration this version of Palimpsest knows, oldest first.
    public static var migrationNames: [String] { LedgerMigrations.migrator.migrations }

    /// The names of the migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try store.appliedMigrations()
    }

    /// The current time as ISO 8601 in UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true).timeSeparator(.colon).dateTimeSeparator(.standard))
    }

    /// Runs `body` in a write transaction that may append to the hash chain: it first waits
    /// for every other such transaction to end, so that entries are appended one at a time.
    func writeChained<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try store.write { tx in
            try tx.lockChain()
            return try body(tx)
        }
    }
}
