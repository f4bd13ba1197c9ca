import PalimpsestCore

/// Turns what the container walkers collected into ``ProvenanceMetadata``: each generator's
/// parameters, EXIF, XMP and C2PA, the list of text chunks, and the derived fields.
enum MetadataInterpreter {
    /// NovelAI's text chunks besides `Comment`.
    static let novelAIKeys = ["Software", "Comment", "Description", "Source", "Title", "Generation time"]

    static func interpret(_ raw: RawMetadata, into m: inout ProvenanceMetadata, context: inout MetadataContext) {
        let limits = context.limits
        var interpreted: [Int: String] = [:]
        var first: [String: Int] = [:]
        for (i, entry) in raw.texts.enumerated() where first[entry.keyword] == nil { first[entry.keyword] = i }
        var usable: Set<Int> = []
        for (i, entry) in raw.texts.enumerated() {
            if entry.text.utf8.count <= limits.maxTextBytes {
                usable.insert(i)
            } else {
                context.warn("PNG \(entry.chunk) '\(entry.keyword)': \(entry.text.utf8.count) bytes exceed the limit of "
                    + "\(limits.maxTextBytes) for interpretation; kept raw, cut short")
            }
        }
        func text(_ keyword: String) -> (index: Int, text: String)? {
            guard let i = first[keyword], usable.contains(i) else { return nil }
            return (i, raw.texts[i].text)
        }
        func json(_ keyword: String) -> (index: Int, value: JSONValue)? {
            guard let (i, body) = text(keyword) else { return nil }
            do {
                let document = try BoundedJSONParser(limits: limits).parse(body)
                if document.truncatedStrings > 0 {
                    context.warn("PNG text '\(keyword)': \(document.truncatedStrings) JSON string(s) longer than \(limits.maxStringBytes) bytes cut short")
                }
                return (i, document.value)
            } catch {
                let start = body.unicodeScalars.first { !$0.properties.isWhitespace }
                if start == "{" || start == "[" { context.warn("PNG text '\(keyword)': \(error); kept raw") }
                return nil
            }
        }

        if let (i, body) = text("parameters"),
           let parameters = Automatic1111Parser.parse(body, source: "png-text", requireSettings: false, context: &context) {
            m.automatic1111 = parameters
            interpreted[i] = "automatic1111"
        }
        if let (i, value) = json("prompt"), let graph = ComfyUIGraph(apiPrompt: value, limits: limits) {
            m.comfyUI = ComfyUIAnalyzer.analyze(graph, source: "prompt", limits: limits)
            interpreted[i] = "comfyui-prompt"
        }
        if let (i, value) = json("workflow"), let graph = ComfyUIGraph(workflow: value, limits: limits) {
            if m.comfyUI == nil { m.comfyUI = ComfyUIAnalyzer.analyze(graph, source: "workflow", limits: limits) }
            interpreted[i] = "comfyui-workflow"
        }
        var novelAITexts: [String: String] = [:]
        for key in novelAIKeys { novelAITexts[key] = text(key)?.text }
        if let parameters = NovelAIParameters(texts: novelAITexts, context: &context) {
            m.novelAI = parameters
            for key in novelAIKeys { if let i = text(key)?.index { interpreted[i] = "novelai" } }
        }
        for key in ["invokeai_metadata", "sd-metadata"] where m.invokeAI == nil {
            if let (i, value) = json(key), value.object != nil {
                m.invokeAI = InvokeAIParameters(json: value, chunk: key, limits: limits)
                interpreted[i] = "invokeai"
            }
        }
        var packets = raw.xmp
        for (i, entry) in raw.texts.enumerated() where entry.keyword == "XML:com.adobe.xmp" && usable.contains(i) {
            packets.append(entry.text)
            interpreted[i] = "xmp"
        }
        readExif(raw.exif, into: &m, context: &context)
        readXMP(packets, into: &m, context: &context)
        if let store = raw.c2pa { m.c2pa = C2PAReader.read(store.bytes, location: store.location, context: &context) }

        for (i, entry) in raw.texts.enumerated() {
            var chunk = TextChunk(keyword: entry.keyword, chunk: entry.chunk, length: entry.text.utf8.count, language: entry.language)
            if let how = interpreted[i] {
                chunk.interpretedAs = how
            } else {
                let (kept, cut) = TextDecoding.truncated(entry.text, toUTF8Bytes: limits.maxRawTextBytes)
                chunk.text = kept
                if cut {
                    chunk.truncated = true
                    context.warn("\(entry.chunk) '\(entry.keyword)': \(chunk.length) bytes of text, \(kept.utf8.count) kept")
                }
            }
            m.textChunks.append(chunk)
        }
        derive(&m)
    }

    private static func readExif(_ tiff: [UInt8]?, into m: inout ProvenanceMetadata, context: inout MetadataContext) {
        guard let tiff, let (found, comment) = ExifParser.parse(tiff, context: &context) else { return }
        var fields = found
        if let comment, !comment.isEmpty {
            if m.automatic1111 == nil, comment.utf8.count <= context.limits.maxTextBytes,
               let parameters = Automatic1111Parser.parse(comment, source: "exif-user-comment", requireSettings: true, context: &context) {
                m.automatic1111 = parameters
                fields.userCommentInterpretedAs = "automatic1111"
            } else {
                fields.userComment = TextDecoding.truncated(comment, toUTF8Bytes: context.limits.maxRawTextBytes).text
            }
        }
        m.exif = fields
    }

    private static func readXMP(_ packets: [String], into m: inout ProvenanceMetadata, context: inout MetadataContext) {
        for packet in packets {
            guard packet.utf8.count <= context.limits.maxTextBytes else {
                context.warn("XMP: a packet of \(packet.utf8.count) bytes exceeds the limit of \(context.limits.maxTextBytes); ignored")
                continue
            }
            let fields = XMPFields(packet: packet, limits: context.limits)
            guard var merged = m.xmp else {
                m.xmp = fields
                continue
            }
            merged.packetLength += fields.packetLength
            if merged.digitalSourceType == nil {
                merged.digitalSourceType = fields.digitalSourceType
                merged.digitalSourceTypeCode = fields.digitalSourceTypeCode
                merged.declaresGenerativeAI = fields.declaresGenerativeAI
            }
            if merged.creatorTool == nil { merged.creatorTool = fields.creatorTool }
            m.xmp = merged
        }
    }

    /// The generator, prompt, init image hash and image-to-image claim, from the first
    /// generator whose parameters were found (Automatic1111, ComfyUI, NovelAI, InvokeAI).
    private static func derive(_ m: inout ProvenanceMetadata) {
        let candidates: [(String, String?, String?, ImageToImageClaim?)?] = [
            m.automatic1111.map { ("Automatic1111", $0.prompt, $0.negativePrompt, $0.imageToImageClaim) },
            m.comfyUI.map { ("ComfyUI", $0.prompt, $0.negativePrompt, $0.imageToImageClaim) },
            m.novelAI.map { ("NovelAI", $0.prompt, $0.negativePrompt, $0.imageToImageClaim) },
            m.invokeAI.map { ("InvokeAI", $0.prompt, $0.negativePrompt, $0.imageToImageClaim) },
        ]
        let found = candidates.compactMap { $0 }
        guard let (generator, prompt, negative, _) = found.first else { return }
        m.generator = generator
        m.prompt = prompt.flatMap { $0.isEmpty ? nil : $0 }
        m.negativePrompt = negative.flatMap { $0.isEmpty ? nil : $0 }
        m.initImageHash = m.automatic1111?.initImageHash
        m.imageToImage = found.lazy.compactMap(\.3).first
    }
}
