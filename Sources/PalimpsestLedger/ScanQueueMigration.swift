import PalimpsestCore

/// The migration that adds the scan queue: the inputs of a run, claimed by workers (see
/// ``Ledger/claim(runID:worker:limit:lease:)``). Written once in SQL both databases accept.
///
/// The queue is bookkeeping, not evidence: its rows are updated as workers claim and finish
/// them, so they are neither append-only nor in the hash chain. What a worker records — the
/// finding or file error of each input — is.
enum ScanQueueMigration {
    /// The migration's name.
    static let identifier = "v7-scan-queue"

    /// The statements, given how the database writes an auto-incremented `id` primary key and
    /// a real column.
    static func statements(identity: String, real: String) -> [String] {
        [
            """
            CREATE TABLE scan_queue (run_id TEXT PRIMARY KEY REFERENCES run(id), top_candidates BIGINT NOT NULL,
              created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE scan_queue_item (\(identity), run_id TEXT NOT NULL REFERENCES scan_queue(run_id),
              path TEXT NOT NULL, claimed_by TEXT, lease_until \(real), attempts BIGINT NOT NULL DEFAULT 0, done_at TEXT,
              UNIQUE (run_id, path))
            """,
            "CREATE INDEX scan_queue_item_open ON scan_queue_item (run_id, done_at, id)",
        ]
    }
}

/// The migration that lets a run's references be split into shards (see
/// ``Ledger/claimParts(runID:shard:worker:limit:lease:)``): a queue records how many, and each
/// input has one part per shard, what that shard proposed for it once a worker holding the
/// shard has done it. Bookkeeping like the rest of the queue.
enum ScanQueueShardsMigration {
    /// The migration's name.
    static let identifier = "v10-scan-queue-shards"

    /// The statements, given how the database writes a real column.
    static func statements(real: String) -> [String] {
        [
            "ALTER TABLE scan_queue ADD COLUMN shards BIGINT NOT NULL DEFAULT 1",
            """
            CREATE TABLE scan_queue_part (item_id BIGINT NOT NULL REFERENCES scan_queue_item(id), shard BIGINT NOT NULL,
              run_id TEXT NOT NULL, claimed_by TEXT, lease_until \(real), attempts BIGINT NOT NULL DEFAULT 0,
              proposal TEXT, done_at TEXT, PRIMARY KEY (item_id, shard))
            """,
            "CREATE INDEX scan_queue_part_open ON scan_queue_part (run_id, shard, done_at, item_id)",
        ]
    }
}
