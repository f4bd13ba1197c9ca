import PalimpsestCore
import GRDB

/// The SQLite ledger's schema, as a list of migrations. Shipped migrations are never edited: a
/// change is a new migration, here and in ``PostgresSchema`` under the same name.
enum LedgerMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial") { db in
            try db.create(table: "corpus") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("kind", .text).notNull()
                t.column("created_at", .text).notNull()
            }
            try db.create(table: "image") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("sha256", .text).notNull().unique()
                t.column("format", .text)
                t.column("width", .integer)
                t.column("height", .integer)
                t.column("file_size", .integer)
                t.column("pixel_digest", .text)
                t.column("pdq", .text)
                t.column("pdq_quality", .integer)
                t.column("pdq_dihedral", .text)
                t.column("ahash", .text)
                t.column("dhash", .text)
                t.column("phash", .text)
                t.column("whash", .text)
                t.column("colorhash", .text)
                t.column("embedder", .text)
                t.column("embedding", .blob)
                t.column("metadata", .text)
                t.column("first_seen", .text).notNull()
            }
            try db.create(table: "corpus_member") { t in
                t.column("corpus_id", .integer).notNull().references("corpus", onDelete: .cascade)
                t.column("image_id", .integer).notNull().references("image")
                t.column("path", .text).notNull()
                t.column("added_at", .text).notNull()
                t.primaryKey(["corpus_id", "image_id"])
            }
            try db.create(table: "run") { t in
                t.primaryKey("id", .text)
                t.column("command", .text).notNull()
                t.column("command_line", .text).notNull()
                t.column("tool_version", .text).notNull()
                t.column("started_at", .text).notNull()
                t.column("finished_at", .text)
                t.column("thresholds", .text)
                t.column("algorithms", .text)
                t.column("corpora", .text)
            }
            try db.create(table: "finding") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull().references("run")
                t.column("query_path", .text).notNull()
                t.column("image_id", .integer).notNull().references("image")
                t.column("best_grade", .text).notNull()
                t.column("best_score", .double).notNull()
                t.column("created_at", .text).notNull()
                t.uniqueKey(["run_id", "query_path"])
            }
            try db.create(table: "candidate") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("finding_id", .integer).notNull().references("finding")
                t.column("rank", .integer).notNull()
                t.column("reference_image_id", .integer).notNull().references("image")
                t.column("corpus", .text).notNull()
                t.column("reference_path", .text).notNull()
                t.column("score", .double).notNull()
                t.column("grade", .text).notNull()
                t.column("signals", .text).notNull()
                t.uniqueKey(["finding_id", "rank"])
            }
            try db.create(table: "file_error") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull().references("run")
                t.column("path", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("message", .text).notNull()
                t.column("created_at", .text).notNull()
                t.uniqueKey(["run_id", "path"])
            }
            try db.create(table: "report") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("run_id", .text).notNull().references("run")
                t.column("path", .text).notNull()
                t.column("sha256", .text).notNull()
                t.column("created_at", .text).notNull()
            }
            try db.create(index: "corpus_member_image", on: "corpus_member", columns: ["image_id"])
            try db.create(index: "finding_run", on: "finding", columns: ["run_id"])
        }
        migrator.registerMigration("v2-local-features") { db in
            try db.create(table: "local_features") { t in
                t.column("image_id", .integer).notNull().references("image", onDelete: .cascade)
                t.column("extractor", .text).notNull()
                t.column("data", .blob).notNull()
                t.primaryKey(["image_id", "extractor"])
            }
        }
        migrator.registerMigration(ChainMigration.identifier, migrate: ChainMigration.migrate)
        migrator.registerMigration("v4-audit-summary") { db in
            try db.create(table: "audit_summary") { t in
                t.primaryKey("run_id", .text).references("run")
                t.column("summary", .text).notNull()
            }
        }
        migrator.registerMigration(PixelMD5.migrationIdentifier) { db in
            try db.alter(table: "image") { t in
                t.add(column: "pixel_md5", .text)
                t.add(column: "pixel_md5_rgba", .text)
            }
            try db.create(index: "image_pixel_md5", on: "image", columns: ["pixel_md5"])
            try db.create(index: "image_pixel_md5_rgba", on: "image", columns: ["pixel_md5_rgba"])
        }
        migrator.registerMigration(HashReference.migrationIdentifier) { db in
            // `file`: fingerprinted from a file, `sha256` is the file's; `hash-list`: known only by
            // a PDQ hash from a hash list, `sha256` holds `pdq:<hex>` (see HashReference).
            try db.alter(table: "image") { t in
                t.add(column: "source", .text).notNull().defaults(to: HashReference.fileSource)
            }
        }
        migrator.registerMigration(ScanQueueMigration.identifier) { db in
            for statement in ScanQueueMigration.statements(identity: "id INTEGER PRIMARY KEY AUTOINCREMENT", real: "REAL") {
                try db.execute(sql: statement)
            }
        }
        migrator.registerMigration(CorpusRevision.migrationIdentifier) { db in
            try db.alter(table: "corpus") { t in t.add(column: "changes", .integer).notNull().defaults(to: 0) }
        }
        migrator.registerMigration(ImageHashMigration.identifier) { db in
            for statement in ImageHashMigration.statements { try db.execute(sql: statement) }
        }
        migrator.registerMigration(ScanQueueShardsMigration.identifier) { db in
            for statement in ScanQueueShardsMigration.statements(real: "REAL") { try db.execute(sql: statement) }
        }
        return migrator
    }
}
