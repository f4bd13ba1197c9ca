import PalimpsestCore

/// Why an evidence bundle or a signing key could not be made or read.
public enum EvidenceError: PalimpsestError, Equatable {
    /// An image the finding refers to is not where it was scanned, or has other bytes now.
    case sourceChanged(role: String, path: String, detail: String)
    /// The bundle file could not be written.
    case cannotWrite(path: String, reason: String)
    /// The file is not a readable ZIP archive.
    case unreadableBundle(path: String, reason: String)
    /// The archive has no `manifest.json`, or it cannot be parsed.
    case noManifest(path: String)
    /// A key file could not be read or has the wrong form.
    case badKeyFile(path: String, reason: String)
    /// Refused to overwrite an existing key file.
    case keyFileExists(path: String)

    /// A short stable name for the kind of failure.
    public var kind: String {
        switch self {
        case .sourceChanged: "source-changed"
        case .cannotWrite: "cannot-write"
        case .unreadableBundle: "unreadable-bundle"
        case .noManifest: "no-manifest"
        case .badKeyFile: "bad-key"
        case .keyFileExists: "key-exists"
        }
    }

    /// A sentence that says what went wrong and what to do about it.
    public var message: String {
        switch self {
        case let .sourceChanged(role, path, detail):
            "The \(role) image at \(path) \(detail). A bundle holds the files exactly as they were scanned: restore the file, or rescan."
        case let .cannotWrite(path, reason):
            "Cannot write the bundle \(path) (\(reason)): check that the folder exists and may be written."
        case let .unreadableBundle(path, reason):
            "Cannot read \(path) as a ZIP archive (\(reason)): it is not an evidence bundle, or it is damaged."
        case let .noManifest(path):
            "\(path) has no readable manifest.json, so it is not a Palimpsest evidence bundle (or the manifest was damaged)."
        case let .badKeyFile(path, reason):
            "Cannot use the key file \(path): \(reason). Make a key pair with `palimpsest evidence keygen --out FILE`."
        case let .keyFileExists(path):
            "\(path) already exists; keys are never overwritten. Choose another name or remove the old key yourself."
        }
    }
}
