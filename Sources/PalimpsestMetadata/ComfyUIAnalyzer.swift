import PalimpsestCore

/// Turns a ``ComfyUIGraph`` into a ``ComfyUIWorkflow``.
enum ComfyUIAnalyzer {
    static func analyze(_ graph: ComfyUIGraph, source: String, limits: MetadataLimits) -> ComfyUIWorkflow {
        var workflow = ComfyUIWorkflow(source: source, nodeCount: graph.nodes.count)
        let visitLimit = limits.maxSegments
        for node in graph.nodes {
            if node.classType.contains("Loader"), let name = (node.literals["ckpt_name"] ?? node.literals["unet_name"])?.string {
                workflow.checkpoints.append(bounded(name, limits))
            }
            if node.classType.hasPrefix("LoadImage"), let image = node.literals["image"]?.string {
                workflow.loadedImages.append(bounded(image, limits))
            }
            guard ComfyUIGraph.isSampler(node) else { continue }
            var sampler = ComfyUISampler(node: node.id, classType: node.classType)
            sampler.seed = number(node, ["seed", "noise_seed"], graph)?.scalarText
                ?? node.links["noise"].flatMap { graph[$0]?.literals["noise_seed"]?.scalarText }
            sampler.steps = number(node, ["steps"], graph)?.int
                ?? node.links["sigmas"].flatMap { graph[$0]?.literals["steps"]?.int }
            sampler.cfg = number(node, ["cfg"], graph)?.double
                ?? node.links["guider"].flatMap { graph[$0]?.literals["cfg"]?.double }
            sampler.denoise = number(node, ["denoise"], graph)?.double
                ?? node.links["sigmas"].flatMap { graph[$0]?.literals["denoise"]?.double }
            sampler.startAtStep = node.literals["start_at_step"]?.int
            sampler.samplerName = node.literals["sampler_name"]?.string
            sampler.scheduler = node.literals["scheduler"]?.string
            sampler.positivePrompt = prompt(feeding: node, "positive", graph, limits)
            sampler.negativePrompt = prompt(feeding: node, "negative", graph, limits)
            if let latent = node.links["latent_image"],
               let encoder = graph.upstream(from: latent, limit: visitLimit, where: { $0.classType.hasPrefix("VAEEncode") }),
               let pixels = encoder.links["pixels"],
               let loader = graph.upstream(from: pixels, limit: visitLimit, where: { $0.classType.hasPrefix("LoadImage") }) {
                sampler.latentFromLoadedImage = true
                sampler.encodedImage = loader.literals["image"]?.string.map { bounded($0, limits) }
            }
            workflow.samplers.append(sampler)
        }
        return workflow
    }

    /// A numeric input given literally, or through one link to a node holding a single value
    /// (a primitive or seed node).
    private static func number(_ node: ComfyUIGraph.Node, _ names: [String], _ graph: ComfyUIGraph) -> JSONValue? {
        for name in names {
            if let value = node.literals[name] { return value }
            if let source = node.links[name].flatMap({ graph[$0] }) {
                let values = source.literals.values.filter { $0.double != nil }
                if values.count == 1 { return values[0] }
            }
        }
        return nil
    }

    /// The text of the nearest text encoder upstream of a sampler's conditioning input.
    private static func prompt(feeding node: ComfyUIGraph.Node, _ input: String, _ graph: ComfyUIGraph, _ limits: MetadataLimits) -> String? {
        guard let start = node.links[input] else { return nil }
        let encoder = graph.upstream(from: start, limit: limits.maxSegments) { candidate in
            candidate.classType.hasPrefix("CLIPTextEncode") && (candidate.literals["text"] ?? candidate.literals["text_g"])?.string != nil
        }
        return (encoder?.literals["text"] ?? encoder?.literals["text_g"])?.string.map { bounded($0, limits) }
    }

    private static func bounded(_ text: String, _ limits: MetadataLimits) -> String {
        TextDecoding.truncated(text, toUTF8Bytes: limits.maxStringBytes).text
    }
}
