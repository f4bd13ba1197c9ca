import PalimpsestCore
import PalimpsestMetadata
import Testing

/// Automatic1111 / Forge parameters, in PNG text chunks and in EXIF UserComment.
@Suite("Automatic1111 parameters")
struct Automatic1111Tests {
    @Test("a txt2img PNG gives prompt, negative prompt and every setting")
    func pngSettings() throws {
        // Given: a PNG whose `parameters` tEXt chunk Pillow wrote, as the web UI does.
        let metadata = try MetadataFixture.read("a1111-txt2img.png")
        let a = try #require(metadata.automatic1111)

        // Then
        #expect(metadata.generator == "Automatic1111")
        #expect(a.prompt == "masterpiece, a lighthouse on a cliff at dusk, oil painting")
        #expect(a.negativePrompt == "blurry, lowres, watermark")
        #expect(a.steps == 28)
        #expect(a.sampler == "DPM++ 2M")
        #expect(a.cfgScale == 7)
        #expect(a.seed == "1234567890")
        #expect(a.width == 512 && a.height == 768)
        #expect(a.modelHash == "6ce0161689")
        #expect(a.model == "v1-5-pruned-emaonly")
        #expect(a.denoisingStrength == 0.7)
        #expect(a.value("Schedule type") == "Karras")
        #expect(a.settings.count == 14)
    }

    @Test("a quoted setting keeps its commas")
    func quotedSetting() throws {
        let a = try #require(try MetadataFixture.read("a1111-txt2img.png").automatic1111)
        #expect(a.value("Lora hashes") == "detail: 1a2b3c4d5e6f, style: 0f9e8d7c6b5a")
        #expect(a.value("Version") == "v1.10.1")
    }

    @Test("denoising strength with hires fix is not read as image-to-image")
    func hiresFixIsNotImageToImage() throws {
        let metadata = try MetadataFixture.read("a1111-txt2img.png")
        #expect(metadata.automatic1111?.hiresFix == true)
        #expect(metadata.imageToImage == nil)
    }

    @Test("an init image hash makes image-to-image confirmed, and is exposed lowercased")
    func initImageHashConfirms() throws {
        let metadata = try MetadataFixture.read("a1111-img2img-rgba.png")
        #expect(metadata.initImageHash == "157ac558b6db3f52a6f3fd3912c30073")
        #expect(metadata.imageToImage?.certainty == .confirmed)
        #expect(metadata.imageToImage?.denoisingStrength == 0.45)
    }

    @Test("denoising strength below 1 without hires fix is only likely image-to-image")
    func denoisingAloneIsLikely() {
        let metadata = MetadataFixture.readText("parameters", "a cat\nSteps: 20, Sampler: Euler, Seed: 3, Denoising strength: 0.5")
        #expect(metadata.imageToImage?.certainty == .likely)
        #expect(metadata.initImageHash == nil)
    }

    @Test("inpainting keys make image-to-image confirmed")
    func inpaintingConfirms() {
        let metadata = MetadataFixture.readText("parameters", "a cat\nSteps: 20, Seed: 3, Denoising strength: 0.75, Mask blur: 4")
        #expect(metadata.imageToImage?.certainty == .confirmed)
    }

    @Test("a last line with fewer than three settings belongs to the prompt")
    func shortLastLineIsPrompt() {
        let metadata = MetadataFixture.readText("parameters", "a cat\nSteps: 20, Seed: 3")
        #expect(metadata.automatic1111?.prompt == "a cat\nSteps: 20, Seed: 3")
        #expect(metadata.automatic1111?.settings.isEmpty == true)
    }

    @Test("an init image hash that is not an MD5 is kept as a setting but not used")
    func malformedInitImageHash() {
        let metadata = MetadataFixture.readText("parameters", "x\nSteps: 1, Seed: 2, Init image hash: not-a-hash")
        #expect(metadata.automatic1111?.value("Init image hash") == "not-a-hash")
        #expect(metadata.initImageHash == nil)
    }

    @Test("a prompt that is not Latin-1 is read from iTXt")
    func unicodeITXt() throws {
        let metadata = try MetadataFixture.read("a1111-unicode-itxt.png")
        #expect(metadata.prompt == "一座灯塔, 夕暮れ, 🌅")
        #expect(metadata.textChunks.first?.chunk == "iTXt")
    }

    @Test("compressed parameters are read from zTXt")
    func compressedZTXt() throws {
        let metadata = try MetadataFixture.read("a1111-ztxt.png")
        #expect(metadata.automatic1111?.steps == 28)
        #expect(metadata.textChunks.first?.chunk == "zTXt")
    }

    @Test("parameters in EXIF UserComment are read in either UTF-16 byte order", arguments: [
        ("a1111.jpg", "unicode-be"), ("a1111-utf16le.jpg", "unicode-le"), ("a1111.webp", "unicode-be"),
    ])
    func exifUserComment(name: String, encoding: String) throws {
        // Given: A1111's text as `UNICODE\0` + UTF-16 in EXIF UserComment (piexif's layout).
        let metadata = try MetadataFixture.read(name)

        // Then: parsed as from a PNG, and not repeated raw.
        #expect(metadata.automatic1111?.source == "exif-user-comment")
        #expect(metadata.prompt == "masterpiece, a lighthouse on a cliff at dusk, oil painting")
        #expect(metadata.automatic1111?.seed == "1234567890")
        #expect(metadata.exif?.userCommentEncoding == encoding)
        #expect(metadata.exif?.userCommentInterpretedAs == "automatic1111")
        #expect(metadata.exif?.userComment == nil)
    }

    @Test("an ASCII user comment that is not parameters is kept as text")
    func asciiUserComment() throws {
        let metadata = try MetadataFixture.read("exif-ascii-comment.jpg")
        #expect(metadata.exif?.userComment == "holiday snapshot")
        #expect(metadata.exif?.userCommentEncoding == "ascii")
        #expect(metadata.automatic1111 == nil)
    }
}
