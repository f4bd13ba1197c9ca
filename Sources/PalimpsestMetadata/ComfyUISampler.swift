import PalimpsestCore

/// One sampler node of a ComfyUI graph, with the settings it ran with.
public struct ComfyUISampler: Sendable, Equatable, Codable {
    /// The node's id in the graph.
    public var node: String
    /// Its class (`KSampler`, `KSamplerAdvanced`, `SamplerCustom`, …).
    public var classType: String
    /// `seed` or `noise_seed`, as written.
    public var seed: String?
    /// `steps`.
    public var steps: Int?
    /// `cfg`.
    public var cfg: Double?
    /// `denoise` (1 replaces the input latent entirely).
    public var denoise: Double?
    /// `start_at_step` of an advanced sampler (above 0 keeps part of the input latent).
    public var startAtStep: Int?
    /// `sampler_name`.
    public var samplerName: String?
    /// `scheduler`.
    public var scheduler: String?
    /// The text of the `CLIPTextEncode` feeding `positive`, when it is a literal.
    public var positivePrompt: String?
    /// The text of the `CLIPTextEncode` feeding `negative`, when it is a literal.
    public var negativePrompt: String?
    /// The image file a `LoadImage` node loads, when the sampler's latent comes from
    /// `VAEEncode` of it (image-to-image).
    public var encodedImage: String?
    /// Whether the sampler's latent comes from a `VAEEncode` of a loaded image.
    public var latentFromLoadedImage: Bool

    /// Creates a sampler description.
    public init(node: String, classType: String, latentFromLoadedImage: Bool = false) {
        self.node = node
        self.classType = classType
        self.latentFromLoadedImage = latentFromLoadedImage
    }
}
