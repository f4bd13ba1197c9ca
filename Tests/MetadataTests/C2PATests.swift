import PalimpsestCore
import PalimpsestMetadata
import Testing

/// C2PA manifest stores: JUMBF boxes in JPEG APP11 segments and PNG caBX chunks.
@Suite("C2PA manifest stores")
struct C2PATests {
    @Test("a manifest store is found and described", arguments: [("c2pa.jpg", "jpeg-app11"), ("c2pa.png", "png-caBX")])
    func manifest(name: String, location: String) throws {
        // Given: a store built as c2pa-rs lays it out (split over several APP11 segments in the JPEG).
        let store = try #require(try MetadataFixture.read(name).c2pa)
        let manifest = try #require(store.manifests.first)

        // Then
        #expect(store.location == location)
        #expect(store.manifests.count == 1)
        #expect(store.activeManifest == "urn:uuid:0f6a1c52-7d1e-4a4f-9a0e-3f5b2f1d9c77")
        #expect(store.claimGenerator == "Example Image Generator/2.1 c2pa-rs/0.49.0")
        #expect(manifest.claimGeneratorInfo == ["Example Image Generator 2.1"])
        #expect(manifest.assertions == ["c2pa.actions.v2", "c2pa.ingredient.v3", "c2pa.hash.data"])
        #expect(manifest.hasSignature)
        #expect(store.validated == false)
    }

    @Test("the created action carries its digital source type and software agent")
    func actions() throws {
        let action = try #require(try MetadataFixture.read("c2pa.jpg").c2pa?.manifests.first?.actions.first)
        #expect(action.action == "c2pa.created")
        #expect(action.digitalSourceType == "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")
        #expect(action.softwareAgent == "Example Image Generator 2.1")
    }

    @Test("an input image is an ingredient with relationship inputTo")
    func ingredient() throws {
        let ingredient = try #require(try MetadataFixture.read("c2pa.png").c2pa?.manifests.first?.ingredients.first)
        #expect(ingredient == C2PAIngredient(title: "sketch.png", format: "image/png", relationship: "inputTo"))
    }

    @Test("a store cut in half is reported, not trusted")
    func truncatedStore() throws {
        let metadata = try MetadataFixture.read("hostile-c2pa-truncated.png")
        #expect(metadata.c2pa?.manifests.isEmpty == true)
        #expect(metadata.warnings.contains { $0.hasPrefix("C2PA (png-caBX): malformed JUMBF") })
    }
}
