import Foundation
import Palimpsest
import PalimpsestTestSupport
import Testing
import ZIPFoundation

/// An evidence bundle round-trips, and any change to it is detected.
@Suite("Evidence bundles", .serialized)
struct EvidenceBundleTests {
    let sample: ScannedSample
    let bundle: String

    init() throws {
        sample = try ScannedSample()
        bundle = sample.path("finding.zip")
    }

    private func write(signedWith key: EvidenceSigningKey? = nil) throws -> EvidenceManifest {
        try EvidenceBundler(ledger: sample.ledger).write(findingID: sample.flagged.id, to: bundle, signingKey: key)
    }

    /// Replaces one file inside the bundle with other bytes, as a zip tool would.
    private func replace(_ path: String, in bundle: String, with data: Data) throws {
        let archive = try Archive(url: URL(fileURLWithPath: bundle), accessMode: .update)
        if let entry = archive[path] { try archive.remove(entry) }
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
            data.subdata(in: Int(position) ..< Int(position) + size)
        }
    }

    private func contents(of path: String) throws -> Data {
        let archive = try Archive(url: URL(fileURLWithPath: bundle), accessMode: .read)
        var data = Data()
        _ = try archive.extract(try #require(archive[path])) { data.append($0) }
        return data
    }

    @Test("a bundle holds both originals as received, the aligned views, the page, the JSON, the ledger entries and a manifest")
    func bundleContents() throws {
        let manifest = try write()

        let roles = Set(manifest.files.map(\.role))
        #expect(roles == ["query-original", "reference-original", "picture", "page", "finding", "ledger-entries", "readme"])
        let query = try #require(manifest.files.first { $0.role == "query-original" })
        #expect(query.sha256 == sample.flagged.query.sha256)
        #expect(manifest.files.filter { $0.role == "picture" }.count == 4)
        #expect(manifest.chainHeadSha256 == (try sample.ledger.chainHead()?.entrySha256))
    }

    @Test("a freshly written bundle verifies")
    func roundTrip() throws {
        try write()

        let result = try EvidenceVerifier().verify(bundleAt: bundle)

        #expect(result.isIntact)
        #expect(result.manifest.findingId == sample.flagged.id)
    }

    @Test("changing any file inside the bundle makes verification fail")
    func anyChangeDetected() throws {
        let manifest = try write(signedWith: EvidenceSigningKey())
        let pristine = try Data(contentsOf: URL(fileURLWithPath: bundle))

        for path in manifest.files.map(\.path) + ["manifest.json", "signature.json"] {
            try pristine.write(to: URL(fileURLWithPath: bundle))
            var data = try contents(of: path)
            data.append(contentsOf: Array(" ".utf8))
            try replace(path, in: bundle, with: data)

            let result = try EvidenceVerifier().verify(bundleAt: bundle)

            #expect(!result.isIntact, "changing \(path) went unnoticed")
        }
    }

    @Test("a file added to the bundle makes verification fail")
    func addedFileDetected() throws {
        try write()
        try replace("extra.txt", in: bundle, with: Data("planted".utf8))

        #expect(try EvidenceVerifier().verify(bundleAt: bundle).problems == [.unlistedFile("extra.txt")])
    }

    @Test("an original swapped together with its manifest line is caught by the ledger entry")
    func swappedOriginalDetected() throws {
        let manifest = try write()
        let query = try #require(manifest.files.first { $0.role == "query-original" })
        let other = try Data(contentsOf: Fixtures.sample.appendingPathComponent("generated/gen-13.jpg"))
        var forged = manifest
        forged.files = manifest.files.map { file in
            var file = file
            if file.path == query.path { (file.sha256, file.bytes) = (Digest.sha256Hex(other), other.count) }
            return file
        }
        try replace(query.path, in: bundle, with: other)
        try replace("manifest.json", in: bundle, with: try JSONCoding.encoder(pretty: true).encode(forged))

        let problems = try EvidenceVerifier().verify(bundleAt: bundle).problems
        #expect(problems == [.originalMismatch(role: "query")])
    }

    @Test("a signed bundle verifies against the signer's public key")
    func rightKeyAccepted() throws {
        let key = EvidenceSigningKey()
        try write(signedWith: key)

        let result = try EvidenceVerifier().verify(bundleAt: bundle, trustedKey: key.publicKey)

        #expect(result.isIntact)
        #expect(result.signedBy == key.publicKey.keyID)
    }

    @Test("a signed bundle fails against another public key")
    func wrongKeyRejected() throws {
        let key = EvidenceSigningKey(), other = EvidenceSigningKey()
        try write(signedWith: key)

        let result = try EvidenceVerifier().verify(bundleAt: bundle, trustedKey: other.publicKey)

        #expect(result.problems == [.wrongKey(signedBy: key.publicKey.keyID, expected: other.publicKey.keyID)])
    }

    @Test("an unsigned bundle fails when a trusted key is required")
    func unsignedRejectedWithKey() throws {
        try write()

        #expect(try EvidenceVerifier().verify(bundleAt: bundle, trustedKey: EvidenceSigningKey().publicKey).problems == [.unsigned])
    }

    @Test("a signature copied onto another manifest does not verify")
    func signatureBoundToManifest() throws {
        let key = EvidenceSigningKey()
        let manifest = try write(signedWith: key)
        var edited = manifest
        edited.runId = "another-run"
        try replace("manifest.json", in: bundle, with: try JSONCoding.encoder(pretty: true).encode(edited))

        let problems = try EvidenceVerifier().verify(bundleAt: bundle, trustedKey: key.publicKey).problems
        #expect(problems == [.badSignature(keyID: key.publicKey.keyID)])
    }

    @Test("key files round-trip, and the secret one is private to its owner")
    func keyFiles() throws {
        let key = EvidenceSigningKey()
        let path = sample.path("signer.key")

        try key.write(to: path)

        #expect(try EvidencePublicKey(contentsOf: path + ".pub") == key.publicKey)
        #expect(try EvidenceSigningKey(contentsOf: path).publicKey == key.publicKey)
        let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        #expect(throws: EvidenceError.keyFileExists(path: path)) { try key.write(to: path) }
    }

    @Test("a file that is not a key is refused")
    func badKeyRefused() throws {
        let path = sample.path("not-a-key")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))

        #expect(throws: EvidenceError.self) { try EvidencePublicKey(contentsOf: path) }
    }

    @Test("a bundle cannot be made once the query file changed since the scan")
    func changedSourceRefused() throws {
        try Data("changed".utf8).write(to: URL(fileURLWithPath: sample.flagged.query.path))

        #expect(throws: EvidenceError.self) { try write() }
    }
}
