import PalimpsestCore

/// A ComfyUI graph reduced to what provenance needs: each node's class, its literal inputs,
/// and which node feeds each linked input. Built from the API graph (PNG `prompt`) or, when
/// only that is present, from the editor's `workflow`.
struct ComfyUIGraph {
    /// One node.
    struct Node {
        var id: String
        var classType: String
        /// Inputs given as values.
        var literals: [String: JSONValue] = [:]
        /// Inputs fed by another node: input name → that node's id.
        var links: [String: String] = [:]
    }

    /// The nodes, in document order.
    private(set) var nodes: [Node] = []
    private var positions: [String: Int] = [:]

    /// The node with this id.
    subscript(id: String) -> Node? { positions[id].map { nodes[$0] } }

    mutating func add(_ node: Node) {
        if let existing = positions[node.id] {
            nodes[existing] = node
        } else {
            positions[node.id] = nodes.count
            nodes.append(node)
        }
    }

    /// The API graph: `{"3": {"class_type": "KSampler", "inputs": {"seed": 1, "model": ["4", 0]}}}`.
    /// `nil` when the JSON is not shaped like one.
    init?(apiPrompt json: JSONValue, limits: MetadataLimits) {
        guard let object = json.object else { return nil }
        for (id, entry) in object.entries.prefix(limits.maxSegments) {
            guard let classType = entry["class_type"]?.string else { continue }
            var node = Node(id: id, classType: classType)
            for (name, value) in entry["inputs"]?.object?.entries ?? [] {
                if let elements = value.array, elements.count == 2, let source = elements[0].scalarText, elements[1].int != nil {
                    node.links[name] = source
                } else {
                    node.literals[name] = value
                }
            }
            add(node)
        }
        if nodes.isEmpty { return nil }
    }

    /// The editor's workflow: `{"nodes": [{"id": 3, "type": "KSampler", "inputs": [{"name":
    /// "model", "link": 1}], "widgets_values": [...]}], "links": [[1, 4, 0, 3, 0, "MODEL"]]}`.
    /// Widget values are named by position for the node types that matter here.
    init?(workflow json: JSONValue, limits: MetadataLimits) {
        guard let nodeList = json["nodes"]?.array else { return nil }
        var linkSources: [String: String] = [:]
        for link in (json["links"]?.array ?? []).prefix(limits.maxSegments * 4) {
            if let fields = link.array, fields.count >= 4, let id = fields[0].scalarText, let origin = fields[1].scalarText {
                linkSources[id] = origin
            } else if let id = link["id"]?.scalarText, let origin = link["origin_id"]?.scalarText {
                linkSources[id] = origin
            }
        }
        for entry in nodeList.prefix(limits.maxSegments) {
            guard let id = entry["id"]?.scalarText, let classType = entry["type"]?.string else { continue }
            var node = Node(id: id, classType: classType)
            for input in entry["inputs"]?.array ?? [] {
                if let name = input["name"]?.string, let link = input["link"]?.scalarText, let origin = linkSources[link] {
                    node.links[name] = origin
                }
            }
            if let widgets = entry["widgets_values"] {
                if let named = widgets.object {
                    for (name, value) in named.entries { node.literals[name] = value }
                } else if let values = widgets.array {
                    let names = Self.widgetNames(classType)
                    for (name, value) in zip(names, values) where !name.isEmpty { node.literals[name] = value }
                }
            }
            add(node)
        }
        if nodes.isEmpty { return nil }
    }

    /// The names of a node type's widget values, by position ("" for values without a name,
    /// such as `control_after_generate`).
    static func widgetNames(_ classType: String) -> [String] {
        switch classType {
        case "KSampler": ["seed", "", "steps", "cfg", "sampler_name", "scheduler", "denoise"]
        case "KSamplerAdvanced":
            ["add_noise", "noise_seed", "", "steps", "cfg", "sampler_name", "scheduler", "start_at_step", "end_at_step",
             "return_with_leftover_noise"]
        case "CheckpointLoaderSimple", "ImageOnlyCheckpointLoader": ["ckpt_name"]
        case "CheckpointLoader": ["config_name", "ckpt_name"]
        case "UNETLoader": ["unet_name", "weight_dtype"]
        case "LoadImage", "LoadImageMask": ["image", ""]
        case "CLIPTextEncode": ["text"]
        case "RandomNoise": ["noise_seed", ""]
        case "BasicScheduler": ["scheduler", "steps", "denoise"]
        case "CFGGuider": ["cfg"]
        default: []
        }
    }

    /// Whether a node samples latents (KSampler, KSamplerAdvanced, SamplerCustom, …).
    static func isSampler(_ node: Node) -> Bool {
        node.classType.contains("Sampler") && (node.links["latent_image"] != nil || node.literals["steps"] != nil)
            && !node.classType.hasPrefix("KSamplerSelect")
    }

    /// The first node of a class matching `match` reached by walking upstream from `start`
    /// through every input, without walking through samplers; at most `limit` nodes visited.
    func upstream(from start: String, limit: Int, where match: (Node) -> Bool) -> Node? {
        var queue = [start], seen: Set<String> = [start], head = 0
        while head < queue.count, head < limit {
            guard let node = self[queue[head]] else {
                head += 1
                continue
            }
            head += 1
            if match(node) { return node }
            if Self.isSampler(node) { continue }
            for source in node.links.values.sorted() where seen.insert(source).inserted { queue.append(source) }
        }
        return nil
    }
}
