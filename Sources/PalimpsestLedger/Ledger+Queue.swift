import Foundation
import GRDB
import PalimpsestCore

/// An input a worker claimed from a run's queue.
public struct QueueClaim: Sendable, Equatable {
    /// The queue row.
    public var itemID: Int64
    /// The run the input belongs to.
    public var runID: String
    /// The input's path, the same on every worker's machine.
    public var path: String
    /// The worker holding the claim.
    public var worker: String
}

/// A part of a sharded run a worker claimed: what one shard proposes for one input.
public struct QueuePartClaim: Sendable, Equatable {
    /// The input's queue row.
    public var itemID: Int64
    /// The shard, from 0.
    public var shard: Int
    /// The run.
    public var runID: String
    /// The input's path.
    public var path: String
    /// The worker holding the claim.
    public var worker: String
}

/// What became of a claimed input's result.
public enum QueueCompletion: Sendable, Equatable {
    /// It was recorded, and the input marked done, in one transaction.
    case recorded
    /// Nothing was recorded: the claim's lease ran out and another worker took the input over
    /// (or already recorded it).
    case takenOver
}

/// How far a run's queue has got.
public struct QueueProgress: Sendable, Equatable {
    /// Inputs queued.
    public var total: Int
    /// Inputs recorded (as a finding or a file error).
    public var done: Int
    /// Inputs claimed by a worker whose lease has not run out.
    public var claimed: Int

    /// Inputs no worker holds: never claimed, or claimed by a worker whose lease ran out.
    public var waiting: Int { total - done - claimed }

    /// Counts of a queue's inputs.
    public init(total: Int, done: Int, claimed: Int) {
        self.total = total
        self.done = done
        self.claimed = claimed
    }
}

/// Shared queues of inputs, so that many `scan --worker` processes, on one machine or many,
/// split one run between them.
///
/// A worker claims a few inputs at a time with a lease (`SELECT … FOR UPDATE SKIP LOCKED` on
/// PostgreSQL, so that concurrent workers never wait for each other's claims), scans them,
/// and records each one's finding or file error in the same transaction that marks it done
/// and only if it still holds the claim. Each input is therefore recorded exactly once
/// whatever workers crash or stall: a crashed worker's inputs are claimed again once its lease
/// runs out (by the database's clock), and a worker that outlived its lease finds its input
/// taken over and records nothing.
extension Ledger {
    /// Creates the queue of a run recorded with ``begin(_:)`` (if it has none) and adds inputs
    /// to it; paths already queued for the run are left as they are.
    ///
    /// - Parameters:
    ///   - paths: The inputs, as every worker will open them.
    ///   - runID: The run.
    ///   - top: Candidates kept per query by every worker.
    ///   - shards: How many shards the run's references are split into: above one, each input
    ///     gets a part per shard, which a worker holding that shard does before any worker
    ///     merges the parts (``claimParts(runID:shard:worker:limit:lease:)``). A queue keeps
    ///     the count it was created with.
    /// - Returns: The number of inputs added.
    @discardableResult
    public func enqueue(paths: [String], runID: String, top: Int, shards: Int = 1) throws -> Int {
        try store.write { tx in
            try tx.execute("INSERT INTO scan_queue (run_id, top_candidates, created_at, shards) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           [runID, top, Ledger.timestamp(), max(shards, 1)])
            var added = 0
            for start in stride(from: 0, to: paths.count, by: 500) {
                let batch = paths[start ..< min(start + 500, paths.count)]
                let values = batch.map { _ in "(?, ?)" }.joined(separator: ", ")
                added += try tx.execute("INSERT INTO scan_queue_item (run_id, path) VALUES \(values) ON CONFLICT DO NOTHING",
                                        batch.flatMap { [runID, $0] })
            }
            try Self.addParts(tx, runID: runID)
            return added
        }
    }

    /// The number of candidates per query a run's queue was created with.
    ///
    /// - Throws: ``LedgerError/noQueue(runID:)`` when the run has no queue.
    public func queuedTop(runID: String) throws -> Int {
        guard let top = try store.read({ tx in
            try tx.value(Int.self, "SELECT top_candidates FROM scan_queue WHERE run_id = ?", [runID])
        }) else {
            throw LedgerError.noQueue(runID: runID)
        }
        return top
    }

    /// Claims up to `limit` inputs no other worker holds, oldest first, for `lease` seconds;
    /// in a sharded run, only inputs whose every part is done.
    ///
    /// - Returns: The claims; empty when every input is done, held by another worker or
    ///   waiting for parts.
    public func claim(runID: String, worker: String, limit: Int, lease: TimeInterval) throws -> [QueueClaim] {
        try store.write { tx in
            let rows = try tx.rows("""
                SELECT id, path FROM scan_queue_item
                WHERE run_id = ? AND done_at IS NULL AND (lease_until IS NULL OR lease_until < \(tx.dialect.now))
                  AND NOT EXISTS (SELECT 1 FROM scan_queue_part p WHERE p.item_id = scan_queue_item.id AND p.done_at IS NULL)
                ORDER BY id LIMIT ?\(tx.dialect.skipLockedRows)
                """, [runID, limit])
            guard !rows.isEmpty else { return [] }
            let claims = rows.map { QueueClaim(itemID: $0["id"], runID: runID, path: $0["path"], worker: worker) }
            try tx.execute("""
                UPDATE scan_queue_item SET claimed_by = ?, lease_until = \(tx.dialect.now) + ?, attempts = attempts + 1
                WHERE id IN (\(claims.map { _ in "?" }.joined(separator: ", ")))
                """, [worker, lease] + claims.map { $0.itemID as (any DatabaseValueConvertible)? })
            return claims
        }
    }

    /// How many shards a run's references are split into (1: not split).
    ///
    /// - Throws: ``LedgerError/noQueue(runID:)`` when the run has no queue.
    public func queuedShards(runID: String) throws -> Int {
        guard let shards = try store.read({ tx in
            try tx.value(Int.self, "SELECT shards FROM scan_queue WHERE run_id = ?", [runID])
        }) else {
            throw LedgerError.noQueue(runID: runID)
        }
        return shards
    }

    /// For each shard of a sharded run, how many of its parts no worker has done or holds.
    public func waitingParts(runID: String) throws -> [Int: Int] {
        try store.read { tx in
            var out: [Int: Int] = [:]
            try tx.forEachRow("""
                SELECT shard, COUNT(*) AS waiting FROM scan_queue_part
                WHERE run_id = ? AND done_at IS NULL AND (lease_until IS NULL OR lease_until < \(tx.dialect.now))
                GROUP BY shard
                """, [runID]) { row in out[row["shard"]] = row["waiting"] }
            return out
        }
    }

    /// Claims up to `limit` parts of shard `shard` no other worker holds, oldest input first,
    /// for `lease` seconds.
    public func claimParts(runID: String, shard: Int, worker: String, limit: Int, lease: TimeInterval) throws -> [QueuePartClaim] {
        try store.write { tx in
            // The parts alone are locked: a join would lock their inputs' rows too, which workers
            // of other shards claim at the same time.
            let items: [Int64] = try tx.rows("""
                SELECT item_id FROM scan_queue_part
                WHERE run_id = ? AND shard = ? AND done_at IS NULL AND (lease_until IS NULL OR lease_until < \(tx.dialect.now))
                ORDER BY item_id LIMIT ?\(tx.dialect.skipLockedRows)
                """, [runID, shard, limit]).map { $0["item_id"] }
            guard !items.isEmpty else { return [] }
            var paths: [Int64: String] = [:]
            try tx.forEachRow("SELECT id, path FROM scan_queue_item WHERE id IN (\(items.map { _ in "?" }.joined(separator: ", ")))",
                              items.map { $0 as (any DatabaseValueConvertible)? }) { row in paths[row["id"]] = row["path"] }
            let claims = items.map { QueuePartClaim(itemID: $0, shard: shard, runID: runID, path: paths[$0] ?? "", worker: worker) }
            try tx.execute("""
                UPDATE scan_queue_part SET claimed_by = ?, lease_until = \(tx.dialect.now) + ?, attempts = attempts + 1
                WHERE shard = ? AND item_id IN (\(claims.map { _ in "?" }.joined(separator: ", ")))
                """, [worker, lease, shard] + claims.map { $0.itemID as (any DatabaseValueConvertible)? })
            return claims
        }
    }

    /// Records what a claimed part's shard proposed for its input and marks the part done, if
    /// the worker still holds the claim.
    public func complete(_ claim: QueuePartClaim, proposal: String) throws -> QueueCompletion {
        try store.write { tx in
            let done = try tx.execute("""
                UPDATE scan_queue_part SET proposal = ?, done_at = ?
                WHERE item_id = ? AND shard = ? AND done_at IS NULL AND claimed_by = ?
                """, [proposal, Ledger.timestamp(), claim.itemID, claim.shard, claim.worker])
            return done == 1 ? .recorded : .takenOver
        }
    }

    /// What every shard proposed for a queued input, in shard order (`nil` for a part not done).
    public func proposals(ofItem itemID: Int64) throws -> [String?] {
        try store.read { tx in
            var out: [(Int, String?)] = []
            try tx.forEachRow("SELECT shard, proposal FROM scan_queue_part WHERE item_id = ? ORDER BY shard", [itemID]) { row in
                out.append((row["shard"], row["proposal"]))
            }
            return out.map(\.1)
        }
    }

    /// Adds the parts of every input of a sharded run that lacks them.
    private static func addParts(_ tx: any LedgerTransaction, runID: String) throws {
        let shards = try tx.value(Int.self, "SELECT shards FROM scan_queue WHERE run_id = ?", [runID]) ?? 1
        guard shards > 1 else { return }
        for shard in 0 ..< shards {
            try tx.execute("""
                INSERT INTO scan_queue_part (item_id, shard, run_id) SELECT id, ?, run_id FROM scan_queue_item WHERE run_id = ?
                ON CONFLICT DO NOTHING
                """, [shard, runID])
        }
    }

    /// Records a claimed input's finding and marks the input done, in one transaction, if the
    /// worker still holds the claim.
    public func complete(_ claim: QueueClaim, finding: FindingDraft) throws -> QueueCompletion {
        let signalsJSON = try finding.candidates.map { try JSONCoding.string($0.signals) }
        return try complete(claim) { tx in _ = try Self.insertFinding(tx, finding, signalsJSON: signalsJSON) }
    }

    /// Records that a claimed input could not be processed and marks it done, in one
    /// transaction, if the worker still holds the claim.
    public func complete(_ claim: QueueClaim, error: FileErrorRecord) throws -> QueueCompletion {
        try complete(claim) { tx in try Self.insertFileError(tx, error) }
    }

    /// Counts a run's inputs by state.
    public func queueProgress(runID: String) throws -> QueueProgress {
        try store.read { tx in
            let row = try tx.row("""
                SELECT COUNT(*) AS total, COUNT(done_at) AS done,
                       CAST(COALESCE(SUM(CASE WHEN done_at IS NULL AND lease_until >= \(tx.dialect.now) THEN 1 ELSE 0 END), 0) AS BIGINT) AS claimed
                FROM scan_queue_item WHERE run_id = ?
                """, [runID])
            return QueueProgress(total: row?["total"] ?? 0, done: row?["done"] ?? 0, claimed: row?["claimed"] ?? 0)
        }
    }

    /// Records the run's completion if every queued input is done and no worker did so
    /// before: exactly one caller, the one to write the report, gets `true`.
    public func finishQueuedRun(runID: String) throws -> Bool {
        try writeChained { tx in
            let open = try tx.value(Int.self, "SELECT COUNT(*) FROM scan_queue_item WHERE run_id = ? AND done_at IS NULL", [runID]) ?? 0
            let finished = try tx.value(Bool.self, "SELECT EXISTS(SELECT 1 FROM run_completion WHERE run_id = ?)", [runID]) ?? false
            guard open == 0, !finished else { return false }
            try Self.insertCompletion(tx, runID: runID, at: Ledger.timestamp())
            return true
        }
    }

    /// Runs `record` and marks the claim's input done, if the worker still holds it. The chain
    /// lock is taken first, then the input's row, so that two completions never wait for each
    /// other in opposite orders.
    private func complete(_ claim: QueueClaim, _ record: (any LedgerTransaction) throws -> Void) throws -> QueueCompletion {
        try writeChained { tx in
            let row = try tx.row("SELECT claimed_by, done_at FROM scan_queue_item WHERE id = ?\(tx.dialect.lockRows)", [claim.itemID])
            guard let row, (row["done_at"] as String?) == nil, (row["claimed_by"] as String?) == claim.worker else {
                return .takenOver
            }
            try record(tx)
            try tx.execute("UPDATE scan_queue_item SET done_at = ? WHERE id = ?", [Ledger.timestamp(), claim.itemID])
            return .recorded
        }
    }
}
