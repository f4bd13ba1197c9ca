import PalimpsestCore
import PalimpsestMetadata
import Testing

/// InvokeAI's `invokeai_metadata` chunk.
@Suite("InvokeAI parameters")
struct InvokeAITests {
    @Test("invokeai_metadata gives mode, prompts, seed, model, strength and init image")
    func metadata() throws {
        let metadata = try MetadataFixture.read("invokeai.png")
        let invoke = try #require(metadata.invokeAI)

        #expect(metadata.generator == "InvokeAI")
        #expect(invoke.generationMode == "img2img")
        #expect(invoke.prompt == "a lighthouse in fog, photograph")
        #expect(invoke.negativePrompt == "cartoon")
        #expect(invoke.seed == "987654321")
        #expect(invoke.steps == 30)
        #expect(invoke.cfgScale == 7.5)
        #expect(invoke.model == "stable-diffusion-v1-5")
        #expect(invoke.strength == 0.55)
        #expect(invoke.initImage == "b3c1e8f0-init.png")
    }

    @Test("img2img mode with strength below 1 is confirmed image-to-image")
    func img2img() throws {
        #expect(try MetadataFixture.read("invokeai.png").imageToImage?.certainty == .confirmed)
    }

    @Test("chunks nobody interprets are kept raw")
    func graphKeptRaw() throws {
        let graph = try #require(try MetadataFixture.read("invokeai.png").textChunks.first { $0.keyword == "invokeai_graph" })
        #expect(graph.interpretedAs == nil)
        #expect(graph.text?.hasPrefix("{\"id\": \"graph\"") == true)
    }
}
