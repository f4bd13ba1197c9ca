import Palimpsest
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestMetadata

/// One object of `palimpsest inspect`: a file's identity and everything its metadata says, or
/// the error that stopped it.
public struct InspectRecord: Encodable, Sendable {
    /// The path as given.
    public var path: String
    /// SHA-256 of the file.
    public var sha256: String?
    /// The container format.
    public var format: String?
    /// Dimensions from the header, upright.
    public var width: Int?, height: Int?
    /// File size in bytes.
    public var fileSize: Int?
    /// Everything the metadata says.
    public var metadata: ProvenanceMetadata?
    /// The error's message, for a file that failed.
    public var error: String?
    /// The error's kind, for a file that failed.
    public var errorKind: String?

    /// Reads the file at `path` and its metadata; no pixels are decoded.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - maxFileBytes: the largest file read.
    ///   - reader: the metadata reader.
    /// - Throws: ``DecodeError`` when the file cannot be read or is not a JPEG, PNG or WebP
    ///   whose header can be read.
    public init(path: String, maxFileBytes: Int, reader: MetadataReader = MetadataReader()) throws(DecodeError) {
        let bytes = try ImageDecoder.readFile(path, limit: maxFileBytes)
        let header = try ImageDecoder().readHeader(bytes)
        self.path = path
        sha256 = Digest.sha256Hex(bytes)
        format = header.format.rawValue
        width = header.width
        height = header.height
        fileSize = bytes.count
        metadata = reader.read(bytes)
    }

    /// The record of a file that failed.
    public init(path: String, failure: any PalimpsestError) {
        self.path = path
        error = failure.message
        errorKind = failure.kind
    }
}
