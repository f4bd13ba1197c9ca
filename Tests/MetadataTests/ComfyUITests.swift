import PalimpsestCore
import PalimpsestMetadata
import Testing

/// ComfyUI's API graph (`prompt`) and editor workflow (`workflow`).
@Suite("ComfyUI graphs")
struct ComfyUITests {
    @Test("a txt2img graph gives the sampler's settings, checkpoint and prompts")
    func txt2img() throws {
        let metadata = try MetadataFixture.read("comfyui-txt2img.png")
        let comfy = try #require(metadata.comfyUI)
        let sampler = try #require(comfy.samplers.first)

        #expect(metadata.generator == "ComfyUI")
        #expect(comfy.source == "prompt")
        #expect(comfy.checkpoints == ["v1-5-pruned-emaonly.safetensors"])
        #expect(sampler.seed == "156680208700286")
        #expect(sampler.steps == 20)
        #expect(sampler.cfg == 8)
        #expect(sampler.denoise == 1)
        #expect(sampler.positivePrompt == "beautiful scenery nature glass bottle landscape, purple galaxy bottle")
        #expect(sampler.negativePrompt == "text, watermark")
        #expect(metadata.imageToImage == nil)
    }

    @Test("LoadImage → VAEEncode → KSampler with denoise below 1 is confirmed image-to-image")
    func img2img() throws {
        let metadata = try MetadataFixture.read("comfyui-img2img.png")
        #expect(metadata.comfyUI?.samplers.first?.latentFromLoadedImage == true)
        #expect(metadata.comfyUI?.samplers.first?.encodedImage == "example.png")
        #expect(metadata.imageToImage?.certainty == .confirmed)
        #expect(metadata.imageToImage?.denoisingStrength == 0.6)
    }

    @Test("the editor workflow alone gives the same reading as the API graph")
    func workflowOnly() throws {
        let fromWorkflow = try #require(try MetadataFixture.read("comfyui-workflow-only.png").comfyUI)
        let fromPrompt = try #require(try MetadataFixture.read("comfyui-img2img.png").comfyUI)
        #expect(fromWorkflow.source == "workflow")
        #expect(fromWorkflow.samplers == fromPrompt.samplers)
        #expect(fromWorkflow.checkpoints == fromPrompt.checkpoints)
    }

    @Test("a pixel-space hires fix (VAEEncode of a decoded image) is not image-to-image")
    func hiresFixIsNotImageToImage() throws {
        let metadata = try MetadataFixture.read("comfyui-hires.png")
        #expect(metadata.comfyUI?.samplers.count == 2)
        #expect(metadata.comfyUI?.samplers.allSatisfy { !$0.latentFromLoadedImage } == true)
        #expect(metadata.imageToImage == nil)
    }

    @Test("both the prompt and the workflow chunk are marked as interpreted")
    func chunksInterpreted() throws {
        let chunks = try MetadataFixture.read("comfyui-txt2img.png").textChunks
        #expect(chunks.map(\.interpretedAs) == ["comfyui-prompt", "comfyui-workflow"])
        #expect(chunks.allSatisfy { $0.text == nil })
    }
}
