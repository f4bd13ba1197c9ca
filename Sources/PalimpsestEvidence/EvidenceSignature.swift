import PalimpsestCore

/// `signature.json`: an Ed25519 signature of the bundle's `manifest.json` bytes, with the
/// public key that makes it.
public struct EvidenceSignature: Codable, Sendable, Equatable {
    /// Always `ed25519`.
    public var algorithm: String
    /// The signed file, `manifest.json`.
    public var signedFile: String
    /// The signer's public key (32 bytes, base64).
    public var publicKey: String
    /// The first 16 hex digits of the SHA-256 of the public key: a short name for the key.
    public var keyId: String
    /// The signature (64 bytes, base64).
    public var signature: String
}
