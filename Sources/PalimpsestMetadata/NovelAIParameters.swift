import PalimpsestCore

/// What NovelAI writes into its PNGs: `Software: NovelAI`, `Source` (the model), `Description`
/// (the prompt) and a JSON `Comment` holding the generation settings.
public struct NovelAIParameters: Sendable, Equatable, Codable {
    /// The `Software` chunk.
    public var software: String?
    /// The `Source` chunk: the model, such as `NovelAI Diffusion V4.5 …`.
    public var source: String?
    /// `prompt` from the comment, else the `Description` chunk.
    public var prompt: String?
    /// `uc` (undesired content): the negative prompt.
    public var negativePrompt: String?
    /// `steps`.
    public var steps: Int?
    /// `scale` (guidance).
    public var scale: Double?
    /// `seed`, as written.
    public var seed: String?
    /// `strength`: for image-to-image, how much of the input is replaced.
    public var strength: Double?
    /// `noise`: for image-to-image, noise added to the input.
    public var noise: Double?
    /// `sampler`.
    public var sampler: String?
    /// `width` and `height`.
    public var width: Int?, height: Int?
    /// `request_type` (`PromptGenerateRequest`, `Img2ImgRequest`, …), when written.
    public var requestType: String?

    /// Creates empty parameters.
    public init() {}

    /// Reads the chunks; `nil` when they are not NovelAI's.
    init?(texts: [String: String], context: inout MetadataContext) {
        let software = texts["Software"]
        var comment: JSONValue?
        if let text = texts["Comment"] {
            do {
                comment = try BoundedJSONParser(limits: context.limits).parse(text).value
            } catch {
                if software?.hasPrefix("NovelAI") == true { context.warn("NovelAI Comment: \(error)") }
            }
        }
        let looksLikeNovelAI = comment?["uc"] != nil || comment?["request_type"] != nil || comment?["n_samples"] != nil
        guard software?.hasPrefix("NovelAI") == true || looksLikeNovelAI else { return nil }
        let limit = context.limits.maxStringBytes
        func bounded(_ text: String?) -> String? { text.map { TextDecoding.truncated($0, toUTF8Bytes: limit).text } }
        self.software = software
        source = bounded(texts["Source"])
        prompt = bounded(comment?["prompt"]?.string ?? comment?["v4_prompt"]?["caption"]?["base_caption"]?.string ?? texts["Description"])
        negativePrompt = bounded(comment?["uc"]?.string ?? comment?["v4_negative_prompt"]?["caption"]?["base_caption"]?.string)
        steps = comment?["steps"]?.int
        scale = comment?["scale"]?.double
        seed = comment?["seed"]?.scalarText
        strength = comment?["strength"]?.double
        noise = comment?["noise"]?.double
        sampler = comment?["sampler"]?.string
        width = comment?["width"]?.int
        height = comment?["height"]?.int
        requestType = comment?["request_type"]?.string
    }

    /// What these parameters say about image-to-image generation: only an explicit
    /// `Img2ImgRequest`, since NovelAI writes `strength` and `noise` for every image.
    var imageToImageClaim: ImageToImageClaim? {
        guard let requestType, requestType.lowercased().contains("img2img") else { return nil }
        return ImageToImageClaim(certainty: .confirmed, generator: "NovelAI", denoisingStrength: strength,
                                 reason: "NovelAI request type \(requestType)" + (strength.map { " with strength \($0)" } ?? ""))
    }
}
