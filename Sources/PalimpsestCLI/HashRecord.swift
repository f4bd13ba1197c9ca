import Palimpsest
import PalimpsestCore
import PalimpsestMetadata

/// One line of `palimpsest hash --json`: an image's fingerprints, or the error that stopped it.
public struct HashRecord: Encodable, Sendable {
    public var path: String
    public var sha256: String?
    public var format: String?
    public var width: Int?
    public var height: Int?
    public var pdq: String?
    public var pdqQuality: Int?
    public var pdqDihedral: [String]?
    /// Every registered perceptual hash's code, written as a key of its own named after the hash.
    public var hashes = HashCodes()
    public var warnings: [String]?
    /// The provenance metadata's summary, when the file carries any.
    public var metadata: ProvenanceSummary?
    public var error: String?
    public var errorKind: String?

    /// The record of an analyzed image.
    public init(_ image: AnalyzedImage) {
        let f = image.facts.fingerprints
        path = image.path
        sha256 = f.sha256
        format = image.facts.format.rawValue
        width = image.facts.width
        height = image.facts.height
        pdq = f.pdq.hash.hex
        pdqQuality = f.pdq.quality
        pdqDihedral = f.pdq.dihedral.map(\.hex)
        hashes = f.hashes
        warnings = image.warnings.isEmpty ? nil : image.warnings
        metadata = image.metadata.isEmpty ? nil : image.metadata.summary
    }

    /// The record of a file that failed.
    public init(path: String, failure: any PalimpsestError) {
        self.path = path
        error = failure.message
        errorKind = failure.kind
    }

    private enum CodingKeys: String, CodingKey {
        case path, sha256, format, width, height, pdq, pdqQuality, pdqDihedral, warnings, metadata, error, errorKind
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encodeIfPresent(sha256, forKey: .sha256)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(width, forKey: .width)
        try c.encodeIfPresent(height, forKey: .height)
        try c.encodeIfPresent(pdq, forKey: .pdq)
        try c.encodeIfPresent(pdqQuality, forKey: .pdqQuality)
        try c.encodeIfPresent(pdqDihedral, forKey: .pdqDihedral)
        var codes = encoder.container(keyedBy: AnyCodingKey.self)
        for (name, code) in hashes { try codes.encode(code, forKey: AnyCodingKey(name)) }
        try c.encodeIfPresent(warnings, forKey: .warnings)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encodeIfPresent(error, forKey: .error)
        try c.encodeIfPresent(errorKind, forKey: .errorKind)
    }
}
