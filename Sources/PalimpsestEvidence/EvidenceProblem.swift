import PalimpsestCore

/// Something `palimpsest evidence verify` found wrong with a bundle.
public enum EvidenceProblem: Sendable, Equatable, CustomStringConvertible {
    /// A file the manifest lists is not in the archive.
    case missingFile(String)
    /// A file's bytes no longer have the SHA-256 the manifest lists.
    case changedFile(path: String, listed: String, actual: String)
    /// The archive holds a file the manifest does not list.
    case unlistedFile(String)
    /// An archive entry fails its CRC-32 check or cannot be inflated.
    case damagedEntry(String)
    /// The signature does not verify against the manifest.
    case badSignature(keyID: String)
    /// The bundle is signed, but by another key than the trusted one.
    case wrongKey(signedBy: String, expected: String)
    /// A trusted key was given but the bundle is not signed.
    case unsigned
    /// `signature.json` cannot be read.
    case unreadableSignature
    /// `manifest.json` or `signature.json` is not byte for byte the form Palimpsest writes.
    case editedMetadata(String)
    /// The ledger entries in the bundle are not self-consistent (hashes do not match contents).
    case inconsistentLedgerEntry(seq: Int64)
    /// The bundle lacks the ledger entry of its finding.
    case missingFindingEntry(Int64)
    /// An original image is not the one the ledger entry recorded.
    case originalMismatch(role: String)

    /// One sentence naming the file or entry and what is wrong.
    public var description: String {
        switch self {
        case let .missingFile(path): "\(path) is listed in the manifest but missing from the bundle"
        case let .changedFile(path, listed, actual):
            "\(path) was changed: SHA-256 \(actual.prefix(16))…, the manifest lists \(listed.prefix(16))…"
        case let .unlistedFile(path): "\(path) is in the bundle but not in the manifest: it was added"
        case let .damagedEntry(path): "\(path) is damaged in the archive (CRC-32 mismatch or unreadable data)"
        case let .badSignature(key): "the signature by key \(key) does not match manifest.json: the manifest was changed"
        case let .wrongKey(signedBy, expected): "the bundle is signed by key \(signedBy), not by the trusted key \(expected)"
        case .unsigned: "the bundle is not signed, but a trusted key was given"
        case .unreadableSignature: "signature.json cannot be read"
        case let .editedMetadata(path): "\(path) was edited: it is not byte for byte what Palimpsest wrote"
        case let .inconsistentLedgerEntry(seq): "ledger entry \(seq) in ledger/entries.jsonl does not match its own hashes"
        case let .missingFindingEntry(id): "ledger/entries.jsonl has no entry for finding \(id)"
        case let .originalMismatch(role): "the \(role) original is not the file the ledger entry recorded (SHA-256 differs)"
        }
    }
}
