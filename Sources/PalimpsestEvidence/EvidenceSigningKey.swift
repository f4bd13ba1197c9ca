import PalimpsestCore
import Crypto
import Foundation
import PalimpsestFingerprint

/// An Ed25519 private key that signs evidence bundles.
///
/// Key files are one line of text: `palimpsest-ed25519-secret-key <base64 of the 32-byte
/// seed>`. ``EvidencePublicKey`` files hold the matching public key the same way. Keep the
/// secret file private (it is written with mode 0600); hand out the public one.
///
/// ```swift
/// let key = EvidenceSigningKey()
/// try key.write(to: "signer.key")   // also writes signer.key.pub
/// ```
public struct EvidenceSigningKey: Sendable {
    /// The first word of a secret key file.
    public static let fileTag = "palimpsest-ed25519-secret-key"

    /// The 32-byte seed.
    private let seed: Data

    private var key: Curve25519.Signing.PrivateKey {
        // The seed was validated when the key was made or read.
        try! Curve25519.Signing.PrivateKey(rawRepresentation: seed)
    }

    /// A new random key.
    public init() {
        seed = Curve25519.Signing.PrivateKey().rawRepresentation
    }

    /// Reads a secret key file.
    ///
    /// - Throws: ``EvidenceError/badKeyFile(path:reason:)``.
    public init(contentsOf path: String) throws {
        let raw = try KeyFile.read(path, tag: Self.fileTag)
        guard (try? Curve25519.Signing.PrivateKey(rawRepresentation: raw)) != nil else {
            throw EvidenceError.badKeyFile(path: path, reason: "it does not hold a valid Ed25519 key")
        }
        seed = raw
    }

    /// The matching public key.
    public var publicKey: EvidencePublicKey { EvidencePublicKey(key.publicKey) }

    /// Signs `data`.
    public func signature(for data: Data) throws -> Data {
        try key.signature(for: data)
    }

    /// Writes the secret key to `path` (mode 0600) and the public key to `path.pub`.
    ///
    /// - Throws: ``EvidenceError/keyFileExists(path:)`` rather than overwrite either file,
    ///   ``EvidenceError/cannotWrite(path:reason:)``.
    public func write(to path: String) throws {
        for file in [path, path + ".pub"] where FileManager.default.fileExists(atPath: file) {
            throw EvidenceError.keyFileExists(path: file)
        }
        try KeyFile.write(path, tag: Self.fileTag, raw: seed, permissions: 0o600)
        try publicKey.write(to: path + ".pub")
    }
}
