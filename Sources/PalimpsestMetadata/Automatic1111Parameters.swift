import PalimpsestCore

/// The generation parameters Automatic1111's web UI (and Forge, SD.Next) writes: in a PNG
/// `parameters` text chunk, or in EXIF UserComment for JPEG and WebP.
///
/// The text is the prompt, an optional `Negative prompt: …` section, and a last line of
/// `key: value` settings (`Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512,
/// Model hash: …, Model: …, Denoising strength: 0.5, Init image hash: …`). It is split the way
/// the web UI's own `parse_generation_parameters` splits it: the last line counts as settings
/// only when it holds at least three pairs. Every pair is kept in ``settings``; the common ones
/// are also typed.
public struct Automatic1111Parameters: Sendable, Equatable, Codable {
    /// Where the text was found: `png-text` or `exif-user-comment`.
    public var source: String
    /// The positive prompt (possibly several lines).
    public var prompt: String
    /// The negative prompt, when given.
    public var negativePrompt: String?
    /// `Steps`.
    public var steps: Int?
    /// `Sampler`.
    public var sampler: String?
    /// `CFG scale`.
    public var cfgScale: Double?
    /// `Seed`, as written.
    public var seed: String?
    /// `Size`, width then height.
    public var width: Int?, height: Int?
    /// `Model hash`.
    public var modelHash: String?
    /// `Model`.
    public var model: String?
    /// `Denoising strength`: written for image-to-image and for hires fix alike.
    public var denoisingStrength: Double?
    /// `Init image hash`, lowercased, when it is 32 hex digits (an MD5); written by img2img when
    /// the "save a copy of the init image" option is on.
    public var initImageHash: String?
    /// Whether any `Hires …` setting is present (hires fix, which also writes a denoising strength).
    public var hiresFix: Bool
    /// Every setting of the last line, in order.
    public var settings: [GenerationSetting]

    /// Creates parameters from their parts.
    public init(source: String, prompt: String, negativePrompt: String? = nil, settings: [GenerationSetting] = []) {
        self.source = source
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.settings = settings
        hiresFix = settings.contains { $0.key.hasPrefix("Hires ") }
        steps = value("Steps").flatMap { Int($0) }
        sampler = value("Sampler")
        cfgScale = value("CFG scale").flatMap { Double($0) }
        seed = value("Seed")
        if let size = value("Size") {
            let parts = size.split(separator: "x", maxSplits: 1)
            if parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) { (width, height) = (w, h) }
        }
        modelHash = value("Model hash")
        model = value("Model")
        denoisingStrength = value("Denoising strength").flatMap { Double($0) }
        initImageHash = value("Init image hash").flatMap(Self.md5Hex)
    }

    /// The value of the first setting named `key`.
    public func value(_ key: String) -> String? {
        settings.first { $0.key == key }?.value
    }

    /// `text` lowercased when it is 32 hexadecimal digits, else `nil`.
    static func md5Hex(_ text: String) -> String? {
        let lower = text.lowercased()
        guard lower.utf8.count == 32, lower.utf8.allSatisfy({ (0x30 ... 0x39).contains($0) || (0x61 ... 0x66).contains($0) }) else {
            return nil
        }
        return lower
    }

    /// Keys only Automatic1111's img2img tab writes, with a mask: inpainting.
    static let inpaintingKeys = ["Mask blur", "Inpaint area", "Masked area padding", "Mask mode", "Masked content"]

    /// What these parameters say about image-to-image generation.
    var imageToImageClaim: ImageToImageClaim? {
        let strength = denoisingStrength
        let belowOne = strength.map { $0 < 1 } ?? true
        if let hash = initImageHash, belowOne {
            return ImageToImageClaim(certainty: .confirmed, generator: "Automatic1111", denoisingStrength: strength, initImage: hash,
                                     reason: "Automatic1111 parameters name an init image (MD5 \(hash))"
                                         + (strength.map { " with denoising strength \($0)" } ?? ""))
        }
        if let key = Self.inpaintingKeys.first(where: { value($0) != nil }), belowOne {
            return ImageToImageClaim(certainty: .confirmed, generator: "Automatic1111", denoisingStrength: strength,
                                     reason: "Automatic1111 parameters carry the img2img inpainting setting '\(key)'"
                                         + (strength.map { " with denoising strength \($0)" } ?? ""))
        }
        if let strength, strength < 1, !hiresFix {
            return ImageToImageClaim(certainty: .likely, generator: "Automatic1111", denoisingStrength: strength,
                                     initImage: initImageHash,
                                     reason: "Automatic1111 parameters give denoising strength \(strength) without hires fix")
        }
        return nil
    }
}
