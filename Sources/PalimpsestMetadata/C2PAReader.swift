import PalimpsestCore

/// Reads a C2PA manifest store from its JUMBF bytes: the manifests, each claim's generator,
/// and the actions and ingredients it asserts. No signature or hash is checked.
enum C2PAReader {
    static func read(_ store: [UInt8], location: String, context: inout MetadataContext) -> C2PAManifestStore {
        var result = C2PAManifestStore(location: location, byteCount: store.count)
        var parser = JUMBFParser(bytes: store, limits: context.limits)
        let boxes: [JUMBFBox]
        do {
            boxes = try parser.boxes(in: 0 ..< store.count)
        } catch {
            context.warn("C2PA (\(location)): \(error)")
            return result
        }
        guard let root = boxes.first(where: { $0.type == "jumb" && ($0.label == "c2pa" || $0.contentType == "c2pa") }) else {
            context.warn("C2PA (\(location)): no manifest store labelled 'c2pa'")
            return result
        }
        for box in root.children where box.type == "jumb" {
            result.manifests.append(manifest(box, store, &context))
        }
        result.activeManifest = result.manifests.last?.label
        return result
    }

    private static func manifest(_ box: JUMBFBox, _ store: [UInt8], _ context: inout MetadataContext) -> C2PAManifest {
        var manifest = C2PAManifest(label: box.label ?? "")
        if let claimBox = box.child(labelled: { $0.hasPrefix("c2pa.claim") }) {
            manifest.claimLabel = claimBox.label
            if let claim = cbor(claimBox, store, "claim of \(manifest.label)", &context) {
                manifest.claimGenerator = claim["claim_generator"]?.text
                let info = claim["claim_generator_info"]
                manifest.claimGeneratorInfo = (info?.array ?? info.map { [$0] } ?? []).compactMap(agent)
                manifest.title = claim["dc:title"]?.text ?? claim["title"]?.text
                manifest.format = claim["dc:format"]?.text
            }
        }
        manifest.hasSignature = box.child(labelled: { $0 == "c2pa.signature" }) != nil
        guard let assertions = box.child(labelled: { $0 == "c2pa.assertions" }) else { return manifest }
        for assertion in assertions.children where assertion.type == "jumb" {
            let label = assertion.label ?? ""
            manifest.assertions.append(label)
            if label.hasPrefix("c2pa.actions"), let value = cbor(assertion, store, label, &context) {
                for action in value["actions"]?.array ?? [] {
                    guard let name = action["action"]?.text else { continue }
                    manifest.actions.append(C2PAAction(action: name, digitalSourceType: action["digitalSourceType"]?.text,
                                                       softwareAgent: action["softwareAgent"].flatMap(agent)))
                }
            } else if label.hasPrefix("c2pa.ingredient"), let value = cbor(assertion, store, label, &context) {
                manifest.ingredients.append(C2PAIngredient(title: value["dc:title"]?.text ?? value["title"]?.text,
                                                           format: value["dc:format"]?.text ?? value["format"]?.text,
                                                           relationship: value["relationship"]?.text))
            }
        }
        return manifest
    }

    /// The CBOR content of a superbox, or `nil` with a warning.
    private static func cbor(_ box: JUMBFBox, _ store: [UInt8], _ what: String, _ context: inout MetadataContext) -> CBORValue? {
        guard let content = box.content("cbor") else { return nil }
        var reader = CBORReader(store[content.payload], limits: context.limits)
        do {
            return try reader.read()
        } catch {
            context.warn("C2PA \(what): \(error)")
            return nil
        }
    }

    /// A software agent or generator-info entry as one string: text, or `name version`.
    private static func agent(_ value: CBORValue) -> String? {
        if let text = value.text { return text }
        guard let name = value["name"]?.text else { return nil }
        return value["version"]?.text.map { "\(name) \($0)" } ?? name
    }
}
