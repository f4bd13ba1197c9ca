import PalimpsestCore

/// The statements that differ between the ledger's two databases. Everything else the ledger
/// runs is SQL both accept (`INSERT … ON CONFLICT DO NOTHING`, `RETURNING`, `CAST`).
enum SQLDialect: Sendable {
    /// SQLite 3.35 or later, through GRDB.
    case sqlite
    /// PostgreSQL 12 or later, through postgres-nio.
    case postgres

    /// The triggers that keep the result tables append-only, by name.
    var protectionTriggers: [String] {
        switch self {
        case .sqlite:
            ChainMigration.triggerNames
        case .postgres:
            // TRUNCATE bypasses PostgreSQL's row triggers, so it has triggers of its own.
            ChainMigration.triggerNames + ChainMigration.appendOnlyTables.map { "\($0)_refuses_truncate" }
        }
    }

    /// A query listing the names of the triggers that are in force.
    var activeTriggersQuery: String {
        switch self {
        case .sqlite:
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        case .postgres:
            // A disabled trigger (ALTER TABLE … DISABLE TRIGGER) protects nothing.
            "SELECT CAST(tgname AS TEXT) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
        }
    }

    /// Appended to a `SELECT` that claims queue rows: other transactions' claims are skipped
    /// instead of waited for. SQLite needs nothing, since its write transactions never overlap.
    var skipLockedRows: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE SKIP LOCKED"
        }
    }

    /// Appended to a `SELECT` that reads a row the transaction is about to update.
    var lockRows: String {
        switch self {
        case .sqlite: ""
        case .postgres: " FOR UPDATE"
        }
    }

    /// An expression for the database's current time in seconds since 1970, as a real number.
    ///
    /// Queue leases are measured on the database's clock, so that workers on machines whose
    /// clocks disagree still agree on when a lease ran out.
    var now: String {
        switch self {
        case .sqlite: "((julianday('now') - 2440587.5) * 86400.0)"
        case .postgres: "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)"
        }
    }

    /// Appended to a text column in `ORDER BY` so that both databases sort by code point, as
    /// SQLite's default BINARY collation does (a PostgreSQL database's collation follows its locale).
    var byCodePoint: String {
        switch self {
        case .sqlite: ""
        case .postgres: " COLLATE \"C\""
        }
    }
}
