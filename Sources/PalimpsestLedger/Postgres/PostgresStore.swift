import PalimpsestCore
import Foundation
internal import PostgresNIO

/// A ledger in a PostgreSQL database, shared by every machine that can reach the server.
///
/// The schema is ``PostgresSchema``: the same tables, columns, append-only triggers and hash
/// chain as the SQLite ledger. Opening the store migrates it under an advisory lock, so that
/// many workers starting at once migrate it once.
///
/// Transactions run at PostgreSQL's default READ COMMITTED level; transactions that append to
/// the chain first take the advisory lock ``chainLockKey`` (see ``LedgerTransaction/lockChain()``),
/// which serializes appends across every connection and machine. Reads run in REPEATABLE READ
/// READ ONLY transactions, so that verifying the chain sees one snapshot while workers write.
final class PostgresStore: LedgerStore {
    /// The advisory lock key held by transactions that append to the hash chain ("PALIMPSE").
    static let chainLockKey: Int64 = 0x5041_4C49_4D50_5345
    /// The advisory lock key held while the schema is migrated ("PALIMIGR").
    static let migrationLockKey: Int64 = 0x5041_4C49_4D49_4752

    private let pool: PostgresConnectionPool

    /// Connects to `server` and migrates its schema.
    init(_ server: PostgresServer) throws {
        pool = try PostgresConnectionPool(server)
        try write { tx in
            try tx.execute("SELECT pg_advisory_xact_lock(?)", [Self.migrationLockKey])
            try tx.execute("CREATE TABLE IF NOT EXISTS ledger_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            let applied = Set(try tx.values(String.self, "SELECT name FROM ledger_migration"))
            let unknown = applied.subtracting(PostgresSchema.migrations.map(\.name))
            guard unknown.isEmpty else { throw LedgerError.newerSchema(migrations: unknown.sorted()) }
            for migration in PostgresSchema.migrations where !applied.contains(migration.name) {
                try migration.apply(tx)
                try tx.execute("INSERT INTO ledger_migration (name, applied_at) VALUES (?, ?)", [migration.name, Ledger.timestamp()])
            }
        }
    }

    func read<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    func write<T>(_ body: (any LedgerTransaction) throws -> T) throws -> T {
        try transaction(begin: "BEGIN", body)
    }

    func appliedMigrations() throws -> [String] {
        try read { tx in
            let applied = Set(try tx.values(String.self, "SELECT name FROM ledger_migration"))
            return PostgresSchema.migrations.map(\.name).filter(applied.contains)
        }
    }

    /// Nothing to do: the server checkpoints on its own.
    func checkpoint() throws {}

    private func transaction<T>(begin: String, _ body: (any LedgerTransaction) throws -> T) throws -> T {
        try pool.withConnection { connection, keep in
            let tx = PostgresTransaction(connection: connection, logger: pool.queryLogger)
            try tx.execute(begin)
            let result: T
            do {
                result = try body(tx)
            } catch {
                do { try tx.execute("ROLLBACK") } catch { keep = false }
                throw error
            }
            // COMMIT of a transaction a failed statement aborted answers ROLLBACK, not an error.
            let commit = try tx.run("COMMIT", [])
            guard commit.metadata.command == "COMMIT" else {
                throw LedgerError.databaseFailure("the transaction was rolled back instead of committed")
            }
            return result
        }
    }

    /// A ledger error for anything postgres-nio throws, with the server's message when there is
    /// one (postgres-nio's own description hides it).
    static func ledgerError(_ error: any Error) -> LedgerError {
        guard let error = error as? PSQLError else { return .databaseFailure(String(describing: error)) }
        if let info = error.serverInfo, let message = info[.message] {
            let state = info[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
            let detail = info[.detail].map { ": \($0)" } ?? ""
            return .databaseFailure(message + detail + state)
        }
        if error.code == .sslUnsupported {
            return .databaseFailure("the server does not offer TLS, which sslmode=require asks for (enable ssl on the server, or use sslmode=prefer)")
        }
        if let connection = error.underlying as? NIOConnectionError {
            let reason = connection.connectionErrors.first.map { failure in
                (failure.error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(failure.error)"
            } ?? "the host name does not resolve"
            return .databaseFailure("cannot connect to \(connection.host):\(connection.port): \(reason)")
        }
        let underlying = error.underlying.map { ": \($0)" } ?? ""
        return .databaseFailure("\(error.code)\(underlying)")
    }
}
