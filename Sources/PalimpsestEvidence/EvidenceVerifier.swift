import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestLedger

/// Checks an evidence bundle: every file against the manifest's SHA-256, no file added, the
/// signature (and whose it is, given a trusted key), the ledger entries against their own
/// hashes, and the originals against the SHA-256 the ledger entry of the finding recorded.
///
/// ```swift
/// let result = try EvidenceVerifier().verify(bundleAt: "finding-12.zip", trustedKey: try EvidencePublicKey(contentsOf: "signer.pub"))
/// print(result.isIntact)
/// ```
public struct EvidenceVerifier: Sendable {
    /// Creates a verifier.
    public init() {}

    /// Verifies the bundle at `path`.
    ///
    /// - Parameters:
    ///   - path: The ZIP file.
    ///   - trustedKey: When given, the bundle must be signed by this key.
    /// - Returns: The manifest, the signer and every problem found.
    /// - Throws: ``EvidenceError/unreadableBundle(path:reason:)`` for a file that is not a ZIP
    ///   archive, ``EvidenceError/noManifest(path:)`` for one without a readable manifest.
    public func verify(bundleAt path: String, trustedKey: EvidencePublicKey? = nil) throws -> EvidenceVerification {
        let (files, damaged) = try BundleArchive.read(path)
        guard let manifestData = files["manifest.json"],
              let manifest = try? JSONCoding.decoder.decode(EvidenceManifest.self, from: manifestData) else {
            throw EvidenceError.noManifest(path: path)
        }
        var problems: [EvidenceProblem] = damaged.sorted().map { .damagedEntry($0) }
        if (try? JSONCoding.encoder(pretty: true).encode(manifest)) != manifestData { problems.append(.editedMetadata("manifest.json")) }
        for file in manifest.files {
            guard let data = files[file.path] else {
                if !damaged.contains(file.path) { problems.append(.missingFile(file.path)) }
                continue
            }
            let actual = Digest.sha256Hex(data)
            if actual != file.sha256 { problems.append(.changedFile(path: file.path, listed: file.sha256, actual: actual)) }
        }
        let listed = Set(manifest.files.map(\.path) + ["manifest.json", "signature.json"])
        problems += files.keys.filter { !listed.contains($0) }.sorted().map { .unlistedFile($0) }
        let (signer, signatureProblems) = checkSignature(files["signature.json"], manifest: manifestData, trustedKey: trustedKey)
        problems += signatureProblems
        problems += checkLedgerEntries(files, manifest)
        return EvidenceVerification(manifest: manifest, signedBy: signer, problems: problems)
    }

    private func checkSignature(_ data: Data?, manifest: Data, trustedKey: EvidencePublicKey?) -> (String?, [EvidenceProblem]) {
        guard let data else { return (nil, trustedKey == nil ? [] : [.unsigned]) }
        guard let signature = try? JSONCoding.decoder.decode(EvidenceSignature.self, from: data),
              signature.algorithm == "ed25519",
              let raw = Data(base64Encoded: signature.publicKey), let key = EvidencePublicKey(rawRepresentation: raw),
              let bytes = Data(base64Encoded: signature.signature) else {
            return (nil, [.unreadableSignature])
        }
        guard key.isValidSignature(bytes, for: manifest) else { return (nil, [.badSignature(keyID: key.keyID)]) }
        var problems: [EvidenceProblem] = []
        if (try? JSONCoding.encoder(pretty: true).encode(signature)) != data { problems.append(.editedMetadata("signature.json")) }
        if let trustedKey, trustedKey != key { problems.append(.wrongKey(signedBy: key.keyID, expected: trustedKey.keyID)) }
        return (key.keyID, problems)
    }

    /// The finding's ledger entry must hash to itself and name the originals' SHA-256.
    private func checkLedgerEntries(_ files: [String: Data], _ manifest: EvidenceManifest) -> [EvidenceProblem] {
        guard let lines = files["ledger/entries.jsonl"] else { return [.missingFindingEntry(manifest.findingId)] }
        var problems: [EvidenceProblem] = []
        var findingContent: [String: Any]?
        for line in lines.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let entry = try? JSONCoding.decoder.decode(ChainedEntry.self, from: Data(line)) else {
                problems.append(.inconsistentLedgerEntry(seq: 0))
                continue
            }
            if !entry.isSelfConsistent { problems.append(.inconsistentLedgerEntry(seq: entry.seq)) }
            if entry.kind == .finding, entry.recordId == String(manifest.findingId), let content = entry.content {
                findingContent = try? JSONSerialization.jsonObject(with: Data(content.utf8)) as? [String: Any]
            }
        }
        guard let findingContent else { return problems + [.missingFindingEntry(manifest.findingId)] }
        let candidates = (findingContent["candidates"] as? [[String: Any]]) ?? []
        let bestReference = candidates.first { ($0["rank"] as? Int) == 1 }?["reference_sha256"] as? String
        let recorded: [String: String?] = ["query-original": findingContent["query_sha256"] as? String, "reference-original": bestReference]
        for file in manifest.files {
            guard let expected = recorded[file.role] else { continue }
            let actual = files[file.path].map { Digest.sha256Hex($0) }
            if expected == nil || actual != expected {
                problems.append(.originalMismatch(role: file.role == "query-original" ? "query" : "reference"))
            }
        }
        return problems
    }
}
