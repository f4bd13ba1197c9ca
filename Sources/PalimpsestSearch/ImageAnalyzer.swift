import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestMetadata

/// How images are decoded for fingerprinting.
public struct AnalysisOptions: Sendable {
    /// The short side JPEGs are DCT-scaled down to (at least) by default: enough for 64×64 PDQ,
    /// 32×32 pHash and the 64×64 embedding grid, far fewer pixels than a camera file.
    public static let defaultShortSide = 384

    /// Decoder limits and behaviour.
    public var decode: DecodeOptions
    /// Whether to extract local features (needed to match and verify, not to hash).
    public var extractsLocalFeatures: Bool

    /// Default options, or full-resolution decoding when `pixelsExact` (reference-exact hashes).
    public init(pixelsExact: Bool = false, maxPixels: Int? = nil, maxFileBytes: Int? = nil, extractsLocalFeatures: Bool = true) {
        self.extractsLocalFeatures = extractsLocalFeatures
        decode = DecodeOptions()
        decode.minimumShortSide = pixelsExact ? nil : Self.defaultShortSide
        if let maxPixels { decode.maxPixels = maxPixels }
        if let maxFileBytes { decode.maxFileBytes = maxFileBytes }
    }
}

/// One image, decoded and fingerprinted.
public struct AnalyzedImage: Sendable {
    /// The path it was read from.
    public var path: String
    /// What the ledger records about it.
    public var facts: ImageFacts
    /// Decoder warnings (a truncated JPEG decodes with "Premature end of JPEG file").
    public var warnings: [String]
    /// What the file says about how it was made (also in ``facts`` as JSON).
    public var metadata: ProvenanceMetadata
    /// Whether the file had an alpha channel or a transparent colour.
    public var hadAlpha: Bool
    /// The DCT scale it was decoded at (1, 2, 4 or 8).
    public var scaleDenominator: Int
    /// The decoded pixels (possibly DCT-scaled), for verification.
    public var raster: Raster
    /// Local features of ``raster``, when extracted.
    public var features: LocalFeatures?
    /// Parts that look pasted in, with their own embeddings, once
    /// ``ImageAnalyzer/describingPastedParts(of:proposer:)`` has looked for them.
    public var regions: [QueryRegion] = []

    /// What verification looks at: pixels, features and pasted-looking parts.
    public var verificationView: VerificationView {
        VerificationView(raster: raster, features: features, regions: regions)
    }
    /// How long decoding, fingerprinting, local features and metadata took.
    public var times: StageTimes = StageTimes()
}

/// Reads, decodes and fingerprints image files: one read and one decode per image.
public struct ImageAnalyzer: Sendable {
    /// Decoding options.
    public let options: AnalysisOptions
    /// Computes the fingerprints.
    public let fingerprinter: Fingerprinter
    /// Computes local features.
    public let featureExtractor = LocalFeatureExtractor()
    /// Finds regions that look pasted, unless a matching configuration says otherwise.
    public let regionProposer = RegionProposer()
    /// Reads provenance metadata.
    public let metadataReader = MetadataReader()

    /// Creates an analyzer. By default, scaled decoding goes with layout fingerprints on a
    /// raster halved down to a 128-pixel short side, and `pixelsExact` keeps every pixel.
    public init(options: AnalysisOptions = AnalysisOptions(), fingerprinter: Fingerprinter? = nil) {
        self.options = options
        self.fingerprinter = fingerprinter ?? Fingerprinter(layoutShortSide: options.decode.minimumShortSide == nil ? nil : 128)
    }

    /// The algorithms (and their versions) this analyzer fingerprints with, as JSON, as a run
    /// records them.
    public func algorithmsJSON() throws -> String {
        try JSONCoding.string(PalimpsestVersion.algorithms(embedder: fingerprinter.embedder.identifier))
    }

    /// Analyzes the file at `path`.
    ///
    /// - Throws: ``DecodeError`` when the file cannot be read or decoded.
    public func analyze(path: String) throws(DecodeError) -> AnalyzedImage {
        let bytes = try ImageDecoder.readFile(path, limit: options.decode.maxFileBytes)
        return try analyze(bytes: bytes, path: path)
    }

    /// Analyzes an image already in memory.
    public func analyze(bytes: [UInt8], path: String) throws(DecodeError) -> AnalyzedImage {
        var times = StageTimes()
        let decoded = try times.measure("decode") { () throws(DecodeError) in try ImageDecoder(options: options.decode).decode(bytes) }
        let fingerprints = times.measure("fingerprint") { fingerprinter.fingerprint(fileBytes: bytes, raster: decoded.raster) }
        let features = times.measure("local-features") { options.extractsLocalFeatures ? featureExtractor.extract(decoded.raster) : nil }
        let metadata = times.measure("metadata") { metadataReader.read(bytes) }
        let facts = ImageFacts(format: decoded.format, width: decoded.width, height: decoded.height,
                               fileSize: Int64(bytes.count), fingerprints: fingerprints,
                               metadataJSON: metadata.isEmpty ? nil : try? JSONCoding.string(metadata),
                               localFeatures: features.map { (LocalFeatureExtractor.identifier, $0.serialized()) })
        return AnalyzedImage(path: path, facts: facts, warnings: decoded.warnings, metadata: metadata, hadAlpha: decoded.hadAlpha,
                             scaleDenominator: decoded.scaleDenominator, raster: decoded.raster, features: features,
                             times: times)
    }

    /// `image` with the parts of it that look pasted in found and described again on their
    /// own, so that a small pasted part of a reference can be found: their features follow the
    /// whole image's in ``AnalyzedImage/features`` (not in the facts the ledger keeps), each
    /// part with its own embedding in ``AnalyzedImage/regions``.
    ///
    /// - Parameter proposer: finds the parts (``MatchingConfiguration/regions``); by default
    ///   ``regionProposer``.
    public func describingPastedParts(of image: AnalyzedImage, proposer: RegionProposer? = nil) -> AnalyzedImage {
        guard var features = image.features, image.regions.isEmpty else { return image }
        let parts = (proposer ?? regionProposer).propose(in: image.raster)
        let described = featureExtractor.describe(regions: parts, of: image.raster)
        features.keypoints += described.keypoints
        features.descriptors += described.descriptors
        var out = image
        out.features = features
        out.regions = parts.map { QueryRegion(rect: $0, embedding: fingerprinter.embedding(of: image.raster.cropped(to: $0))) }
        return out
    }
}
