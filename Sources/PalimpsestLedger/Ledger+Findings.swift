import PalimpsestCore
import Foundation
import GRDB

/// An image as the ledger stores it, for reports.
public struct StoredImage: Sendable, Codable, Equatable {
    /// Row id.
    public var id: Int64
    /// SHA-256 of the file, or `pdq:<hex>` for a reference known only by its PDQ hash.
    public var sha256: String
    /// Whether only a PDQ hash is known of this image (from a hash list: no file, no pixels).
    public var hashOnly: Bool
    /// Container format, dimensions and file size, when known.
    public var format: String?, width: Int?, height: Int?, fileSize: Int64?
    /// PDQ hash (hex), quality and dihedral hashes (hex, in PDQ's order), when known.
    public var pdq: String?, pdqQuality: Int?, pdqDihedral: [String]?
    /// The codes of its other perceptual hashes, by name (none for hash-only references).
    public var hashCodes: [String: HashCode]
    /// The embedder that produced the stored embedding.
    public var embedder: String?
    /// Extracted metadata (JSON object text), if any.
    public var metadata: String?

    init(_ r: ImageRecord, hashCodes: [String: HashCode]) {
        id = r.id!
        sha256 = r.sha256
        hashOnly = r.source == HashReference.hashListSource
        format = r.format
        width = r.width
        height = r.height
        fileSize = r.fileSize
        pdq = r.pdq
        pdqQuality = r.pdqQuality
        pdqDihedral = r.pdqDihedral?.split(separator: ",").map(String.init)
        self.hashCodes = hashCodes
        embedder = r.embedder
        metadata = r.metadata
    }
}

/// A recorded finding with its query image and its candidates' reference images.
public struct StoredFinding: Sendable {
    /// The finding row.
    public var finding: FindingRecord
    /// The query image.
    public var query: StoredImage
    /// The candidates, best first, each with its reference image.
    public var candidates: [(candidate: CandidateRecord, reference: StoredImage)]
}

extension Ledger {
    /// Every finding of a run, in the order they were recorded.
    public func findings(inRun runID: String) throws -> [StoredFinding] {
        try store.read { tx in
            try Self.stored(try tx.records(FindingRecord.self, "SELECT * FROM finding WHERE run_id = ? ORDER BY id", [runID]), tx)
        }
    }

    /// The finding with this id.
    ///
    /// - Throws: ``LedgerError/unknownFinding(_:)``.
    public func finding(id: Int64) throws -> StoredFinding {
        try store.read { tx in
            guard let finding = try tx.record(FindingRecord.self, "SELECT * FROM finding WHERE id = ?", [id]) else {
                throw LedgerError.unknownFinding(id)
            }
            return try Self.stored([finding], tx)[0]
        }
    }

    /// Findings with their query images and candidates' reference images.
    static func stored(_ findings: [FindingRecord], _ tx: any LedgerTransaction) throws -> [StoredFinding] {
        var images: [Int64: StoredImage] = [:]
        func image(_ id: Int64) throws -> StoredImage {
            if let cached = images[id] { return cached }
            let codes = try hashCodes(ofImages: [id], tx)[id] ?? [:]
            let stored = StoredImage(try tx.record(ImageRecord.self, "SELECT * FROM image WHERE id = ?", [id])!, hashCodes: codes)
            images[id] = stored
            return stored
        }
        return try findings.map { finding in
            let candidates = try tx.records(CandidateRecord.self, "SELECT * FROM candidate WHERE finding_id = ? ORDER BY rank", [finding.id!])
            return StoredFinding(finding: finding, query: try image(finding.imageId),
                                 candidates: try candidates.map { ($0, try image($0.referenceImageId)) })
        }
    }

    /// The reports written for a run.
    public func reports(forRun runID: String) throws -> [ReportRecord] {
        try store.read { tx in try tx.records(ReportRecord.self, "SELECT * FROM report WHERE run_id = ? ORDER BY id", [runID]) }
    }

    /// Every run, newest first.
    public func runs() throws -> [RunRecord] {
        try store.read { tx in
            try tx.records(RunRecord.self, "SELECT * FROM run ORDER BY started_at DESC").map { try Self.completed($0, tx) }
        }
    }
}
