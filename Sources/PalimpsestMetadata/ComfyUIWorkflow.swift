import PalimpsestCore

/// What a ComfyUI image's graph says: its samplers with their settings, the checkpoints it
/// loads, and whether a loaded image was encoded into a sampler's latent (image-to-image).
public struct ComfyUIWorkflow: Sendable, Equatable, Codable {
    /// Which text the graph came from: `prompt` (the API graph that ran) or `workflow`.
    public var source: String
    /// The number of nodes.
    public var nodeCount: Int
    /// Every sampler, in graph order.
    public var samplers: [ComfyUISampler]
    /// Every checkpoint or UNet file named by a loader node.
    public var checkpoints: [String]
    /// Every image file named by a `LoadImage` node.
    public var loadedImages: [String]

    /// Creates a workflow description.
    public init(source: String, nodeCount: Int, samplers: [ComfyUISampler] = [], checkpoints: [String] = [],
                loadedImages: [String] = []) {
        self.source = source
        self.nodeCount = nodeCount
        self.samplers = samplers
        self.checkpoints = checkpoints
        self.loadedImages = loadedImages
    }

    /// The positive prompt of the first sampler that has one.
    public var prompt: String? { samplers.lazy.compactMap(\.positivePrompt).first }

    /// The negative prompt of the first sampler that has a positive one.
    public var negativePrompt: String? { samplers.first { $0.positivePrompt != nil }?.negativePrompt }

    /// What the graph says about image-to-image generation.
    var imageToImageClaim: ImageToImageClaim? {
        let encoded = samplers.filter(\.latentFromLoadedImage)
        func keepsInput(_ s: ComfyUISampler) -> Bool { (s.denoise.map { $0 < 1 } ?? false) || (s.startAtStep ?? 0) > 0 }
        if let s = encoded.first(where: keepsInput) {
            let amount = s.denoise.map { "denoise \($0)" } ?? "start_at_step \(s.startAtStep ?? 0)"
            return ImageToImageClaim(certainty: .confirmed, generator: "ComfyUI", denoisingStrength: s.denoise, initImage: s.encodedImage,
                                     reason: "ComfyUI graph: LoadImage → VAEEncode → \(s.classType) (node \(s.node)) with \(amount)")
        }
        if let s = encoded.first {
            return ImageToImageClaim(certainty: .likely, generator: "ComfyUI", denoisingStrength: s.denoise, initImage: s.encodedImage,
                                     reason: "ComfyUI graph: LoadImage → VAEEncode → \(s.classType) (node \(s.node)), "
                                         + "but the sampler replaces the whole latent")
        }
        return nil
    }
}
