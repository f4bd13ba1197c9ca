import PalimpsestCore
import GRDB

/// Arguments of a statement, in the order of its `?` placeholders.
typealias SQLArguments = [(any DatabaseValueConvertible)?]

/// A database that holds a ledger: SQLite through GRDB, or PostgreSQL through postgres-nio.
///
/// The ledger's rules — which rows a call writes, how a row becomes canonical chain content,
/// how the chain is verified, how the scan queue is claimed — are written once, in SQL both
/// databases accept, against ``LedgerTransaction``; a store only runs statements. Rows come
/// back as GRDB `Row`s whichever database they were read from, so records decode and chain
/// content is computed by one code path.
///
/// Every call is synchronous and blocks the calling thread until the database answers, as
/// GRDB's API does: call the ledger from ordinary threads, not from Swift concurrency's
/// cooperative pool.
protocol LedgerStore: Sendable {
    /// Runs `body` in a read-only transaction that sees one consistent snapshot.
    func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T

    /// Runs `body` in a write transaction, committed when it returns and rolled back when it
    /// throws.
    @discardableResult
    func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T

    /// The names of the schema migrations applied, oldest first.
    func appliedMigrations() throws -> [String]

    /// Moves what committed transactions left in a write-ahead log into the database proper,
    /// as far as readers allow, without waiting for them or blocking writers.
    func checkpoint() throws
}

/// One open transaction of a ``LedgerStore``.
///
/// Statements use `?` placeholders. Rows with several columns are read by column name, never
/// by position (a PostgreSQL row keeps its names but not its column order).
protocol LedgerTransaction {
    /// The SQL dialect, for the few statements that differ between databases.
    var dialect: SQLDialect { get }

    /// Runs a statement that returns no rows.
    ///
    /// - Returns: The number of rows it inserted, updated or deleted.
    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int

    /// Runs a query and returns every row.
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [Row]

    /// Runs a query and calls `body` with each row in turn, without keeping them: for results
    /// too large to hold as rows. A row is valid only during the call that receives it.
    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (Row) throws -> Void) throws

    /// Waits until no other transaction can append to the hash chain, until this one ends.
    ///
    /// Every transaction that appends chain entries calls it before its first write, so that
    /// concurrent writers append one after the other and the chain stays linear.
    func lockChain() throws
}

extension LedgerTransaction {
    /// Runs a statement without arguments.
    @discardableResult
    func execute(_ sql: String) throws -> Int {
        try execute(sql, [])
    }

    /// Runs a query without arguments and returns every row.
    func rows(_ sql: String) throws -> [Row] {
        try rows(sql, [])
    }

    /// The first row of a query, if any.
    func row(_ sql: String, _ arguments: SQLArguments = []) throws -> Row? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row of a query, or `nil` when there is no row or it is NULL.
    func value<Value: DatabaseValueConvertible>(_ type: Value.Type, _ sql: String, _ arguments: SQLArguments = []) throws -> Value? {
        guard let row = try row(sql, arguments), let value = row.databaseValues.first else { return nil }
        return Value.fromDatabaseValue(value)
    }

    /// The first column of every row of a query, NULLs left out.
    func values<Value: DatabaseValueConvertible>(_ type: Value.Type, _ sql: String, _ arguments: SQLArguments = []) throws -> [Value] {
        try rows(sql, arguments).compactMap { row in row.databaseValues.first.flatMap(Value.fromDatabaseValue) }
    }

    /// Every row of a query, decoded as records.
    func records<Record: FetchableRecord>(_ type: Record.Type, _ sql: String, _ arguments: SQLArguments = []) throws -> [Record] {
        try rows(sql, arguments).map { try Record(row: $0) }
    }

    /// The first row of a query, decoded as a record.
    func record<Record: FetchableRecord>(_ type: Record.Type, _ sql: String, _ arguments: SQLArguments = []) throws -> Record? {
        try row(sql, arguments).map { try Record(row: $0) }
    }

    /// Inserts a record's columns into its table.
    func insert<Record: EncodableRecord & TableRecord>(_ record: Record) throws {
        let (sql, arguments) = try Self.insertStatement(record)
        try execute(sql, arguments)
    }

    /// Inserts a record and returns the `id` the database gave it (tables with an integer `id`).
    func insertReturningID<Record: EncodableRecord & TableRecord>(_ record: Record) throws -> Int64 {
        let (sql, arguments) = try Self.insertStatement(record)
        guard let id = try value(Int64.self, sql + " RETURNING id", arguments) else {
            throw LedgerError.databaseFailure("inserting into \(Record.databaseTableName) returned no id")
        }
        return id
    }

    /// Inserts a record unless that would break a unique key, and returns its new `id`, or
    /// `nil` when a row with the same key was already there (or was being inserted by a
    /// concurrent transaction, which PostgreSQL waits for).
    func insertIfAbsent<Record: EncodableRecord & TableRecord>(_ record: Record) throws -> Int64? {
        let (sql, arguments) = try Self.insertStatement(record)
        return try value(Int64.self, sql + " ON CONFLICT DO NOTHING RETURNING id", arguments)
    }

    /// `INSERT INTO table (columns) VALUES (?, …)` for a record; a `nil` `id` is left to the database.
    private static func insertStatement<Record: EncodableRecord & TableRecord>(_ record: Record) throws -> (String, SQLArguments) {
        let columns = try record.databaseDictionary.filter { $0.key != "id" || !$0.value.isNull }.sorted { $0.key < $1.key }
        let sql = "INSERT INTO \(Record.databaseTableName) (\(columns.map(\.key).joined(separator: ", "))) VALUES ("
            + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        return (sql, columns.map(\.value))
    }
}
