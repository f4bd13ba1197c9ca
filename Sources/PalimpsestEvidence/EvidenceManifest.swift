import PalimpsestCore

/// The table of contents of an evidence bundle (`manifest.json`): every other file with its
/// SHA-256 and size, and what it is. An Ed25519 signature, when present, covers this file's bytes.
public struct EvidenceManifest: Codable, Sendable, Equatable {
    /// The version of this shape.
    public static let currentFormat = "palimpsest-evidence-v1"

    /// One file of the bundle.
    public struct File: Codable, Sendable, Equatable {
        /// Path inside the archive.
        public var path: String
        /// SHA-256 (hex) of its bytes.
        public var sha256: String
        /// Size in bytes.
        public var bytes: Int
        /// What it is: `query-original`, `reference-original`, `picture`, `page`, `finding`,
        /// `ledger-entries` or `readme`.
        public var role: String
    }

    /// ``currentFormat`` when written by this version.
    public var format: String
    /// The finding the bundle is evidence for.
    public var findingId: Int64
    /// The run that recorded it.
    public var runId: String
    /// When the bundle was made (ISO 8601, UTC).
    public var createdAt: String
    /// The Palimpsest version that made it.
    public var toolVersion: String
    /// The ledger's chain head when the bundle was made: position and entry hash.
    public var chainHeadSeq: Int64?
    /// The head entry's hash.
    public var chainHeadSha256: String?
    /// Every file but `manifest.json` and `signature.json`.
    public var files: [File]
}
