import PalimpsestCore
import GRDB

/// A ledger in a SQLite file (WAL mode, so readers never block the writer) or in memory.
///
/// GRDB's write transactions are `BEGIN IMMEDIATE`: one writer at a time, across processes
/// too, which is all the chain and the scan queue need from SQLite.
final class SQLiteStore: LedgerStore {
    private let writer: any DatabaseWriter
    /// A connection of its own for checkpoints, which then run beside the writer's commits.
    private let checkpointer: DatabaseQueue?

    /// Opens or creates the file at `path` and migrates it.
    ///
    /// - Parameter checkpoints: when the write-ahead log is moved into the file.
    init(path: String, checkpoints: Ledger.Checkpoints = .onCommit) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if checkpoints == .whenAsked { try db.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try LedgerMigrations.migrator.migrate(pool)
        writer = pool
        checkpointer = checkpoints == .whenAsked ? try DatabaseQueue(path: path, configuration: configuration) : nil
    }

    /// A fresh, migrated database in memory.
    init() throws {
        let queue = try DatabaseQueue()
        try LedgerMigrations.migrator.migrate(queue)
        writer = queue
        checkpointer = nil
    }

    /// A passive checkpoint on the checkpointer's connection, or the writer's when the store
    /// has none (a file ledger checkpointed on commit, or one in memory, which has no log).
    func checkpoint() throws {
        if let checkpointer {
            try checkpointer.writeWithoutTransaction { try $0.checkpoint(.passive) }
        } else if writer is DatabasePool {
            try writer.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
    }

    func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try writer.read { db in try body(SQLiteTransaction(db: db)) }
    }

    func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try writer.write { db in try body(SQLiteTransaction(db: db)) }
    }

    func appliedMigrations() throws -> [String] {
        try writer.read { db in try LedgerMigrations.migrator.appliedMigrations(db) }
    }
}

/// A GRDB database access seen as a ``LedgerTransaction``; also what migrations run shared
/// ledger code through.
struct SQLiteTransaction: LedgerTransaction {
    let db: Database

    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try db.execute(sql: sql, arguments: StatementArguments(arguments))
        return db.changesCount
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
    }

    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (Row) throws -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let row = try rows.next() { try body(row) }
    }

    /// Nothing to do: a SQLite write transaction already excludes every other writer.
    func lockChain() throws {}
}
