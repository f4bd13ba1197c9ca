import PalimpsestCore
import PalimpsestMetadata
import Testing

/// NovelAI's `Software`, `Source`, `Description` and JSON `Comment` chunks.
@Suite("NovelAI parameters")
struct NovelAITests {
    @Test("the comment gives prompt, steps, scale, seed, strength and noise")
    func comment() throws {
        let metadata = try MetadataFixture.read("novelai.png")
        let nai = try #require(metadata.novelAI)

        #expect(metadata.generator == "NovelAI")
        #expect(nai.software == "NovelAI")
        #expect(nai.source == "NovelAI Diffusion V4.5 4BDE2A90")
        #expect(nai.prompt == "1girl, lighthouse, night sky, best quality")
        #expect(nai.negativePrompt == "lowres, bad anatomy, bad hands")
        #expect(nai.steps == 28)
        #expect(nai.scale == 5)
        #expect(nai.seed == "3216549870")
        #expect(nai.strength == 0.7)
        #expect(nai.noise == 0)
    }

    @Test("strength and noise alone are not image-to-image: NovelAI writes them for every image")
    func strengthAloneIsNotImageToImage() throws {
        #expect(try MetadataFixture.read("novelai.png").imageToImage == nil)
    }

    @Test("an Img2ImgRequest is confirmed image-to-image")
    func img2imgRequest() throws {
        #expect(try MetadataFixture.read("novelai-img2img.png").imageToImage?.certainty == .confirmed)
    }
}
