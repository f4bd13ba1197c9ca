import PalimpsestCore

/// What a generator's parameters say about the image having been made from another image.
///
/// A claim, not a proof: the parameters can be edited. `confirmed` means the parameters name an
/// input image outright (Automatic1111's `Init image hash` or inpainting keys, a ComfyUI
/// `LoadImage` → `VAEEncode` → sampler chain with denoise below 1, InvokeAI's `img2img` mode);
/// `likely` means they only suggest it (a denoising strength below 1 without hires-fix keys).
public struct ImageToImageClaim: Sendable, Equatable, Codable, CustomStringConvertible {
    /// How firmly the parameters say it.
    public enum Certainty: String, Sendable, Codable {
        /// The parameters name an input image.
        case confirmed
        /// The parameters suggest one.
        case likely
    }

    /// How firmly the parameters say it.
    public var certainty: Certainty
    /// The generator whose parameters say it.
    public var generator: String
    /// The denoising strength (0…1; how much of the input was replaced), when given.
    public var denoisingStrength: Double?
    /// The input image as the parameters name it (a hash, a file name), when they do.
    public var initImage: String?
    /// Why, in one sentence.
    public var reason: String

    /// Creates a claim.
    public init(certainty: Certainty, generator: String, denoisingStrength: Double? = nil, initImage: String? = nil,
                reason: String) {
        self.certainty = certainty
        self.generator = generator
        self.denoisingStrength = denoisingStrength
        self.initImage = initImage
        self.reason = reason
    }

    /// `confirmed: …` or `likely: …` followed by the reason.
    public var description: String { "\(certainty.rawValue): \(reason)" }
}
