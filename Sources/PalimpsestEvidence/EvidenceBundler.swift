import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestReport

/// Packs the evidence for one finding into a ZIP file someone else can check: both images as
/// received, the aligned views, the finding's page and JSON, the ledger entries that cover it
/// with their chain hashes, and a manifest of SHA-256 sums, optionally signed with Ed25519.
///
/// ```swift
/// let manifest = try EvidenceBundler(ledger: ledger).write(findingID: 12, to: "finding-12.zip")
/// ```
public struct EvidenceBundler: Sendable {
    /// The ledger the finding is recorded in.
    public let ledger: Ledger
    /// Makes the aligned views.
    public var figures: FigureRenderer

    /// Creates a bundler that reads images within the given limits.
    public init(ledger: Ledger, decode: DecodeOptions = DecodeOptions()) {
        self.ledger = ledger
        figures = FigureRenderer(decode: decode)
    }

    /// The finding's run and the finding, as the bundle's `finding.json` holds them.
    struct FindingDocument: Codable {
        var run: ScanReport.RunSection
        var finding: ScanReport.Finding
    }

    /// Writes the bundle for finding `findingID` to `path`, replacing any file there.
    ///
    /// - Parameters:
    ///   - findingID: The finding's id (in `report.json` and `report.html`).
    ///   - path: The ZIP file to write.
    ///   - signingKey: Signs `manifest.json` when given.
    /// - Returns: The manifest written.
    /// - Throws: ``LedgerError/unknownFinding(_:)``; ``EvidenceError/sourceChanged(role:path:detail:)``
    ///   when an image is no longer as it was scanned; ``EvidenceError/cannotWrite(path:reason:)``.
    @discardableResult
    public func write(findingID: Int64, to path: String, signingKey: EvidenceSigningKey? = nil) throws -> EvidenceManifest {
        let stored = try ledger.finding(id: findingID)
        let report = try ReportBuilder(ledger: ledger).report(runID: stored.finding.runId)
        guard let finding = report.findings.first(where: { $0.id == findingID }) else { throw LedgerError.unknownFinding(findingID) }

        // A reference known only by its PDQ hash has no original: the ledger entry names its hash.
        let hashOnly = finding.matches.first?.reference.hashOnly == true
        var files: [(path: String, data: Data, role: String)] = []
        files.append(("originals/query.\(fileExtension(finding.query.format))", try original(finding.query, role: "query"), "query-original"))
        if let best = finding.matches.first, !hashOnly {
            files.append(("originals/reference.\(fileExtension(best.reference.format))", try original(best.reference, role: "reference"),
                          "reference-original"))
        }
        let rendered = figures.render(finding)
        files += rendered.files.map { ($0.path, Data($0.bytes), "picture") }
        var metadata: [String: String] = [:]
        for image in [stored.query] + stored.candidates.map(\.reference) { metadata[image.sha256] = image.metadata }
        let page = HTMLReportRenderer(report: report, figures: [findingID: rendered.figures], metadata: metadata,
                                      renderedAt: Ledger.timestamp()).findingPage(id: findingID) ?? ""
        files.append(("finding.html", Data(page.utf8), "page"))
        files.append(("finding.json", try JSONCoding.encoder(pretty: true).encode(FindingDocument(run: report.run, finding: finding)), "finding"))
        let encoder = JSONCoding.encoder()
        let entries = try ledger.chainEntries(coveringFinding: findingID).map { try encoder.encode($0) + Data("\n".utf8) }
        files.append(("ledger/entries.jsonl", entries.reduce(Data(), +), "ledger-entries"))
        let head = try ledger.chainHead()
        files.append(("README.txt", Data(readme(findingID, head: head?.entrySha256 ?? "empty", hashOnly: hashOnly).utf8), "readme"))

        let manifest = EvidenceManifest(
            format: EvidenceManifest.currentFormat, findingId: findingID, runId: stored.finding.runId, createdAt: Ledger.timestamp(),
            toolVersion: PalimpsestVersion.current, chainHeadSeq: head?.seq, chainHeadSha256: head?.entrySha256,
            files: files.map { .init(path: $0.path, sha256: Digest.sha256Hex($0.data), bytes: $0.data.count, role: $0.role) })
        let manifestData = try JSONCoding.encoder(pretty: true).encode(manifest)
        var archive = files.map { (path: $0.path, data: $0.data) } + [(path: "manifest.json", data: manifestData)]
        if let signingKey {
            let publicKey = signingKey.publicKey
            let signature = EvidenceSignature(
                algorithm: "ed25519", signedFile: "manifest.json", publicKey: publicKey.rawRepresentation.base64EncodedString(),
                keyId: publicKey.keyID, signature: try signingKey.signature(for: manifestData).base64EncodedString())
            archive.append((path: "signature.json", data: try JSONCoding.encoder(pretty: true).encode(signature)))
        }
        try BundleArchive.write(archive, to: path)
        return manifest
    }

    /// The file's bytes, checked against the SHA-256 the ledger recorded.
    private func original(_ image: ScanReport.Image, role: String) throws -> Data {
        let bytes: [UInt8]
        do {
            bytes = try ImageDecoder.readFile(image.path, limit: figures.decode.maxFileBytes)
        } catch {
            throw EvidenceError.sourceChanged(role: role, path: image.path, detail: "cannot be read (\(error.message))")
        }
        guard Digest.sha256Hex(bytes) == image.sha256 else {
            throw EvidenceError.sourceChanged(role: role, path: image.path, detail: "no longer has the SHA-256 the ledger recorded")
        }
        return Data(bytes)
    }

    private func fileExtension(_ format: String?) -> String {
        switch format {
        case "jpeg": "jpg"
        case "png": "png"
        case "webp": "webp"
        default: "bin"
        }
    }

    private func readme(_ id: Int64, head: String, hashOnly: Bool) -> String {
        let hashOnlyNote = hashOnly ? """

            Only a hash was available for the matched reference: it came from a hash list as a
            PDQ hash, so originals/ holds the query alone and images/ shows no reference. The
            match rests on the PDQ distance, given in finding.json.

            """ : ""
        return """
        Palimpsest evidence bundle for finding \(id)
        \(hashOnlyNote)
        originals/           the query and the matched reference, byte for byte as scanned
        images/              illustrations: both images scaled, the reference aligned to the
                             query, and a difference heatmap
        finding.html         the finding's page (open it in a browser; works offline)
        finding.json         the run's settings and the finding with every signal
        ledger/entries.jsonl the ledger's chain entries covering the run and the finding
        manifest.json        SHA-256 and size of every file above
        signature.json       (when signed) Ed25519 signature of manifest.json

        Check it with `palimpsest evidence verify FILE.zip [--key SIGNER.pub]`, or by hand:
        compare `sha256sum` of each file with manifest.json. In entries.jsonl, content_sha256
        is the SHA-256 of the content text, and entry_sha256 the SHA-256 of the lines
        palimpsest-ledger-chain-v1, seq, kind, record_id, recorded_at, content_sha256 and
        previous_sha256 joined by newlines; entry_sha256 values can be looked up in the
        ledger, whose head was \(head) when this bundle was made.

        """
    }
}
