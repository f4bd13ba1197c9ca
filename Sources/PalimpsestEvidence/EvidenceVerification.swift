import PalimpsestCore

/// The outcome of ``EvidenceVerifier/verify(bundleAt:trustedKey:)``.
public struct EvidenceVerification: Sendable {
    /// The bundle's manifest.
    public var manifest: EvidenceManifest
    /// The key that signed the manifest, when it is signed and the signature holds.
    public var signedBy: String?
    /// Everything wrong; empty when the bundle is intact.
    public var problems: [EvidenceProblem]

    /// Whether nothing was found wrong.
    public var isIntact: Bool { problems.isEmpty }
}
