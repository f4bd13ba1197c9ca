import Foundation
import GRDB

/// The SQLite ledger: corpora, images and their fingerprints, runs, findings, errors and reports.
///
/// A file ledger uses WAL mode, so readers never block the writer, and every method that
/// records something does so in one transaction: an interrupted run loses at most the files
/// that were in flight.
///
/// ```swift
/// let ledger = try Ledger(path: "palimpsest.sqlite")
/// let corpus = try ledger.ensureCorpus(named: "training", kind: .training)
/// ```
public final class Ledger: Sendable {
    /// The file path, or `:memory:`.
    public let path: String
    let writer: any DatabaseWriter

    /// The default location, `./palimpsest.sqlite`, unless `PALIMPSEST_LEDGER` names another.
    public static var defaultPath: String {
        ProcessInfo.processInfo.environment["PALIMPSEST_LEDGER"] ?? "palimpsest.sqlite"
    }

    /// Opens the ledger at `path`, creating and migrating it as needed.
    ///
    /// - Throws: ``LedgerError/cannotOpen(path:reason:)``.
    public init(path: String) throws {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            try LedgerMigrations.migrator.migrate(pool)
            writer = pool
        } catch {
            throw LedgerError.cannotOpen(path: path, reason: String(describing: error))
        }
    }

    /// A fresh ledger held in memory, for tests and dry runs.
    public init() throws {
        path = ":memory:"
        let queue = try DatabaseQueue()
        try LedgerMigrations.migrator.migrate(queue)
        writer = queue
    }

    /// The names of every migration this version of Palimpsest knows, oldest first.
    public static var migrationNames: [String] { LedgerMigrations.migrator.migrations }

    /// The names of the migrations applied, oldest first.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try LedgerMigrations.migrator.appliedMigrations(db) }
    }

    /// The current time as ISO 8601 in UTC with milliseconds.
    public static func timestamp(_ date: Date = Date()) -> String {
        date.formatted(.iso8601.year().month().day().timeZone(separator: .omitted).time(includingFractionalSeconds: true).timeSeparator(.colon).dateTimeSeparator(.standard))
    }
}
