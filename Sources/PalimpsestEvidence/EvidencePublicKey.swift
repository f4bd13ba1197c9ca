import PalimpsestCore
import Crypto
import Foundation
import PalimpsestFingerprint

/// An Ed25519 public key that checks evidence bundle signatures. Its file is one line:
/// `palimpsest-ed25519-public-key <base64 of the 32-byte key>`.
public struct EvidencePublicKey: Sendable, Equatable {
    /// The first word of a public key file.
    public static let fileTag = "palimpsest-ed25519-public-key"

    /// The raw 32-byte key.
    public let rawRepresentation: Data

    init(_ key: Curve25519.Signing.PublicKey) {
        rawRepresentation = key.rawRepresentation
    }

    /// A key from its raw 32 bytes, or `nil` when they are not a valid key.
    public init?(rawRepresentation: Data) {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return nil }
        self.init(key)
    }

    /// Reads a public key file.
    ///
    /// - Throws: ``EvidenceError/badKeyFile(path:reason:)``.
    public init(contentsOf path: String) throws {
        let raw = try KeyFile.read(path, tag: Self.fileTag)
        guard let key = EvidencePublicKey(rawRepresentation: raw) else {
            throw EvidenceError.badKeyFile(path: path, reason: "it does not hold a valid Ed25519 public key")
        }
        self = key
    }

    /// A short name for the key: the first 16 hex digits of the SHA-256 of its bytes.
    public var keyID: String {
        String(Digest.sha256Hex(rawRepresentation).prefix(16))
    }

    /// Whether `signature` is this key's signature of `data`.
    public func isValidSignature(_ signature: Data, for data: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: data)
    }

    /// Writes the key file.
    public func write(to path: String) throws {
        try KeyFile.write(path, tag: Self.fileTag, raw: rawRepresentation, permissions: 0o644)
    }
}
