public import PalimpsestCore

/// What an image file says about how it was made: generator parameters, EXIF and XMP facts,
/// and Content Credentials (C2PA). Read from the file's bytes, never trusted, always bounded.
///
/// Everything here is a claim by whoever wrote the file: it can be forged, and upload pipelines
/// strip most of it, so its absence proves nothing. The derived fields (``prompt``,
/// ``initImageHash``, ``imageToImage``) gather what the generator blocks say in one place.
///
/// ```swift
/// let metadata = MetadataReader().read(bytes)
/// if let claim = metadata.imageToImage { print(claim.description) }
/// let json = try JSONCoding.string(metadata)  // snake_case, sorted keys
/// ```
public struct ProvenanceMetadata: Sendable, Equatable, Codable {
    /// The container the metadata was read from, when recognised.
    public var container: ImageFormat?
    /// The generator whose parameters were found: `Automatic1111`, `ComfyUI`, `NovelAI` or
    /// `InvokeAI` (the first found, in that order).
    public var generator: String?
    /// The positive prompt, from the generator's parameters.
    public var prompt: String?
    /// The negative prompt, from the generator's parameters.
    public var negativePrompt: String?
    /// Automatic1111's `Init image hash`: MD5 of the init image's pixel bytes, 32 lowercase hex
    /// digits.
    public var initImageHash: String?
    /// What the parameters say about image-to-image generation, when they say anything.
    public var imageToImage: ImageToImageClaim?
    /// Automatic1111 / Forge parameters (PNG `parameters`, or EXIF UserComment in JPEG and WebP).
    public var automatic1111: Automatic1111Parameters?
    /// ComfyUI's graph (PNG `prompt`, else `workflow`).
    public var comfyUI: ComfyUIWorkflow?
    /// NovelAI's parameters (PNG `Software` and `Comment`).
    public var novelAI: NovelAIParameters?
    /// InvokeAI's parameters (PNG `invokeai_metadata`, or `sd-metadata` from older versions).
    public var invokeAI: InvokeAIParameters?
    /// EXIF fields (JPEG APP1, PNG `eXIf`, WebP `EXIF`).
    public var exif: ExifFields?
    /// XMP fields (JPEG APP1, PNG iTXt `XML:com.adobe.xmp`, WebP `XMP `).
    public var xmp: XMPFields?
    /// The C2PA manifest store (JPEG APP11, PNG `caBX`, WebP `C2PA`), its signature not validated.
    public var c2pa: C2PAManifestStore?
    /// Every text chunk or comment found, with the raw text of those not interpreted.
    public var textChunks: [TextChunk] = []
    /// What was malformed, over a limit, skipped or cut short.
    public var warnings: [String] = []

    /// Creates empty metadata.
    public init() {}

    /// The JSON keys: the generator blocks are `comfyui`, `novelai` and `invokeai`, spelled so
    /// that ``PalimpsestCore/JSONCoding``'s snake_case conversion gives them back on decoding.
    enum CodingKeys: String, CodingKey {
        case container, generator, prompt, negativePrompt, initImageHash, imageToImage, automatic1111
        case comfyUI = "comfyui", novelAI = "novelai", invokeAI = "invokeai"
        case exif, xmp, c2pa, textChunks, warnings
    }

    /// Whether the file said nothing at all and nothing went wrong reading it.
    public var isEmpty: Bool {
        generator == nil && automatic1111 == nil && comfyUI == nil && novelAI == nil && invokeAI == nil
            && exif == nil && xmp == nil && c2pa == nil && textChunks.isEmpty && warnings.isEmpty
    }

    /// The facts most readers want, in a few fields: see ``ProvenanceSummary``.
    public var summary: ProvenanceSummary { ProvenanceSummary(self) }
}
