import PalimpsestCore

/// What InvokeAI writes into its PNGs: the `invokeai_metadata` JSON (version 3 and later) or
/// the `sd-metadata` JSON of version 2.
public struct InvokeAIParameters: Sendable, Equatable, Codable {
    /// Which chunk it came from.
    public var chunk: String
    /// `app_version`.
    public var appVersion: String?
    /// `generation_mode` (`txt2img`, `img2img`, `inpaint`, `outpaint`, `sdxl_img2img`, …), or
    /// version 2's `image.type`.
    public var generationMode: String?
    /// `positive_prompt`.
    public var prompt: String?
    /// `negative_prompt`.
    public var negativePrompt: String?
    /// `seed`, as written.
    public var seed: String?
    /// `steps`.
    public var steps: Int?
    /// `cfg_scale`.
    public var cfgScale: Double?
    /// `scheduler` (or version 2's `sampler`).
    public var scheduler: String?
    /// The model's name.
    public var model: String?
    /// `strength`: for image-to-image, how much of the input is replaced.
    public var strength: Double?
    /// The init image's name, when given.
    public var initImage: String?
    /// `width` and `height`.
    public var width: Int?, height: Int?

    /// Creates empty parameters for a chunk.
    public init(chunk: String) { self.chunk = chunk }

    /// Reads `invokeai_metadata` (or `sd-metadata`) JSON.
    init(json: JSONValue, chunk: String, limits: MetadataLimits) {
        self.chunk = chunk
        func bounded(_ text: String?) -> String? { text.map { TextDecoding.truncated($0, toUTF8Bytes: limits.maxStringBytes).text } }
        let image = json["image"]
        appVersion = json["app_version"]?.string
        generationMode = json["generation_mode"]?.string ?? image?["type"]?.string
        let legacyPrompt = image?["prompt"]?.string ?? image?["prompt"]?.array?.first?["prompt"]?.string
        prompt = bounded(json["positive_prompt"]?.string ?? legacyPrompt)
        negativePrompt = bounded(json["negative_prompt"]?.string)
        seed = (json["seed"] ?? image?["seed"])?.scalarText
        steps = (json["steps"] ?? image?["steps"])?.int
        cfgScale = (json["cfg_scale"] ?? image?["cfg_scale"])?.double
        scheduler = json["scheduler"]?.string ?? image?["sampler"]?.string
        let model = json["model"]
        self.model = bounded(model?.string ?? model?["name"]?.string ?? model?["model_name"]?.string ?? json["model_weights"]?.string)
        strength = (json["strength"] ?? image?["strength"])?.double
        let initImage = json["init_image"]
        self.initImage = bounded(initImage?.string ?? initImage?["image_name"]?.string ?? image?["init_image_path"]?.string)
        width = (json["width"] ?? image?["width"])?.int
        height = (json["height"] ?? image?["height"])?.int
    }

    /// What these parameters say about image-to-image generation.
    var imageToImageClaim: ImageToImageClaim? {
        let mode = generationMode?.lowercased() ?? ""
        let fromImage = ["img2img", "inpaint", "outpaint"].contains { mode.contains($0) }
        guard fromImage || initImage != nil else { return nil }
        let keeps = strength.map { $0 < 1 } ?? true
        let certainty: ImageToImageClaim.Certainty = fromImage && keeps ? .confirmed : .likely
        let what = fromImage ? "generation mode \(generationMode ?? "")" : "an init image"
        return ImageToImageClaim(certainty: certainty, generator: "InvokeAI", denoisingStrength: strength, initImage: initImage,
                                 reason: "InvokeAI metadata gives \(what)" + (strength.map { " with strength \($0)" } ?? ""))
    }
}
