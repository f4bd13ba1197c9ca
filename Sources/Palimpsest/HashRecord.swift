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
    public var ahash: String?
    public var dhash: String?
    public var phash: String?
    public var whash: String?
    public var colorhash: String?
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
        ahash = f.hashes.ahash.hex
        dhash = f.hashes.dhash.hex
        phash = f.hashes.phash.hex
        whash = f.hashes.whash.hex
        colorhash = f.hashes.colorhash.hex
        warnings = image.warnings.isEmpty ? nil : image.warnings
        metadata = image.metadata.isEmpty ? nil : image.metadata.summary
    }

    /// The record of a file that failed.
    public init(path: String, failure: any PalimpsestError) {
        self.path = path
        error = failure.message
        errorKind = failure.kind
    }
}
