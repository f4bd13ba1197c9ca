import PalimpsestCore
import GRDB

/// The SQLite migration that makes the ledger tamper-evident: the `run_completion` and
/// `ledger_entry` tables, a chain entry for every row recorded before it, and triggers that
/// refuse UPDATE and DELETE on every table that holds results.
enum ChainMigration {
    /// The migration's name in `grdb_migrations`.
    static let identifier = "v3-append-only-chain"

    /// Tables whose rows can only be inserted.
    static let appendOnlyTables = ["run", "run_completion", "finding", "candidate", "file_error", "report", "ledger_entry"]

    /// The names of the triggers that keep those tables append-only.
    static var triggerNames: [String] {
        appendOnlyTables.flatMap { ["\($0)_refuses_update", "\($0)_refuses_delete"] }
    }

    static func migrate(_ db: Database) throws {
        try db.create(table: "run_completion") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("run_id", .text).notNull().references("run")
            t.column("finished_at", .text).notNull()
        }
        try db.create(table: "ledger_entry") { t in
            t.primaryKey("seq", .integer)
            t.column("kind", .text).notNull()
            t.column("record_id", .text).notNull()
            t.column("recorded_at", .text).notNull()
            t.column("content_sha256", .text).notNull()
            t.column("previous_sha256", .text).notNull()
            t.column("entry_sha256", .text).notNull().unique()
            t.uniqueKey(["kind", "record_id"])
        }
        try db.create(index: "run_completion_run", on: "run_completion", columns: ["run_id"])
        try chainExistingRows(SQLiteTransaction(db: db))
        for table in appendOnlyTables {
            for (verb, suffix) in [("UPDATE", "update"), ("DELETE", "delete")] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_refuses_\(suffix) BEFORE \(verb) ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the Palimpsest ledger is append-only: rows of \(table) cannot be changed or removed'); END
                    """)
            }
        }
    }

    /// Chains the rows a ledger already held, runs first, each table in id order.
    static func chainExistingRows(_ tx: any LedgerTransaction) throws {
        for id in try tx.values(String.self, "SELECT id FROM run ORDER BY started_at, id") {
            try LedgerChain.append(tx, kind: .run, recordID: id)
        }
        for kind in [LedgerEntryKind.finding, .fileError, .report] {
            for id in try tx.values(Int64.self, "SELECT id FROM \(kind.table) ORDER BY id") {
                try LedgerChain.append(tx, kind: kind, recordID: String(id))
            }
        }
    }
}
