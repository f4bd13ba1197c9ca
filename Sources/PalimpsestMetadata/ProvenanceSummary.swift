import PalimpsestCore

/// The few metadata facts most readers want, for `hash --json`, reports and grouping outputs
/// by prompt: who generated the image, from what prompt and model, whether from another image,
/// and what the file declares about itself.
public struct ProvenanceSummary: Sendable, Equatable, Codable {
    /// The generator whose parameters were found.
    public var generator: String?
    /// The positive prompt.
    public var prompt: String?
    /// The model or checkpoint.
    public var model: String?
    /// The seed, as written.
    public var seed: String?
    /// The image-to-image claim, as `confirmed: …` or `likely: …`.
    public var imageToImage: String?
    /// Automatic1111's init image hash.
    public var initImageHash: String?
    /// EXIF Software, else XMP CreatorTool.
    public var software: String?
    /// The IPTC digital source type code from XMP (`trainedAlgorithmicMedia`, …).
    public var digitalSourceType: String?
    /// The claim generator of the active C2PA manifest, when a manifest store is present.
    public var c2paClaimGenerator: String?
    /// Whether a C2PA manifest store is present.
    public var c2pa: Bool?
    /// How many warnings reading produced.
    public var warnings: Int?

    /// Summarises metadata.
    public init(_ m: ProvenanceMetadata) {
        generator = m.generator
        prompt = m.prompt
        model = m.automatic1111?.model ?? m.comfyUI?.checkpoints.first ?? m.invokeAI?.model ?? m.novelAI?.source
        seed = m.automatic1111?.seed ?? m.comfyUI?.samplers.lazy.compactMap(\.seed).first ?? m.novelAI?.seed ?? m.invokeAI?.seed
        imageToImage = m.imageToImage?.description
        initImageHash = m.initImageHash
        software = m.exif?.software ?? m.xmp?.creatorTool
        digitalSourceType = m.xmp?.digitalSourceTypeCode
        c2pa = m.c2pa == nil ? nil : true
        c2paClaimGenerator = m.c2pa?.claimGenerator
        warnings = m.warnings.isEmpty ? nil : m.warnings.count
    }
}
