import PalimpsestCore
import PalimpsestMetadata
import Testing

/// Hostile metadata is bounded and reported, never trusted.
@Suite("hostile metadata")
struct HostileMetadataTests {
    @Test("a chunk claiming more bytes than the file holds stops reading with a warning")
    func hugeDeclaredChunk() throws {
        let metadata = try MetadataFixture.read("hostile-huge-chunk.png")
        #expect(metadata.textChunks.isEmpty)
        #expect(metadata.warnings == ["PNG: chunk 'tEXt' claims 2147483632 bytes, only 1769 remain; reading stopped"])
    }

    @Test("a chunk over the chunk limit is skipped with a warning")
    func chunkOverLimit() throws {
        var limits = MetadataLimits()
        limits.maxChunkBytes = 32 << 10
        let metadata = try MetadataFixture.read("hostile-big-text.png", limits: limits)
        #expect(metadata.textChunks.isEmpty)
        #expect(metadata.warnings.first?.contains("exceeds the limit of 32768") == true)
    }

    @Test("an uninterpreted text is kept only up to the raw-text limit")
    func rawTextCut() throws {
        let chunk = try #require(try MetadataFixture.read("hostile-big-text.png").textChunks.first)
        #expect(chunk.length == 40_000)
        #expect(chunk.text?.utf8.count == MetadataLimits().maxRawTextBytes)
        #expect(chunk.truncated == true)
    }

    @Test("invalid UTF-8 in iTXt is replaced and reported; Latin-1 tEXt is decoded as Latin-1")
    func invalidUTF8() throws {
        let metadata = try MetadataFixture.read("hostile-invalid-utf8.png")
        #expect(metadata.textChunks.first?.text == "bad \u{FFFD}\u{FFFD}\u{FFFD}( bytes")
        #expect(metadata.textChunks.last?.text == "café")
        #expect(metadata.warnings == ["PNG iTXt 'Comment': invalid UTF-8, replaced with U+FFFD"])
    }

    @Test("JSON nested beyond the depth limit is refused and kept raw")
    func deepJSON() throws {
        let metadata = try MetadataFixture.read("hostile-deep-json.png")
        #expect(metadata.comfyUI == nil)
        #expect(metadata.textChunks.first?.interpretedAs == nil)
        #expect(metadata.warnings.contains("PNG text 'prompt': nested deeper than 64 levels; kept raw"))
    }

    @Test("a zTXt bomb is refused at the inflation cap")
    func zTXtBomb() throws {
        let metadata = try MetadataFixture.read("hostile-ztxt-bomb.png")
        #expect(metadata.automatic1111 == nil)
        #expect(metadata.warnings == ["PNG zTXt 'parameters': decompressed text would exceed 8388608 bytes; ignored"])
    }

    @Test("the inflation budget is shared by all chunks of a file")
    func inflationBudget() throws {
        var limits = MetadataLimits()
        limits.maxTotalInflatedBytes = 100
        let metadata = try MetadataFixture.read("a1111-ztxt.png", limits: limits)
        #expect(metadata.automatic1111 == nil)
        #expect(metadata.warnings.first?.contains("would exceed 100 bytes") == true)
    }

    @Test("an EXIF IFD pointing back at itself is read once")
    func exifLoop() throws {
        let metadata = try MetadataFixture.read("hostile-exif-loop.jpg")
        #expect(metadata.exif?.byteOrder == "big-endian")
        #expect(metadata.warnings == ["EXIF: IFD at 8 visited twice; loop ignored"])
    }

    @Test("too many text chunks are cut at the limit with one warning")
    func tooManyChunks() {
        var limits = MetadataLimits()
        limits.maxTextChunks = 3
        let chunks = (0 ..< 10).map { (type: "tEXt", data: Array("k\($0)".utf8) + [0, 0x61]) }
        let metadata = MetadataReader(limits: limits).read(MetadataFixture.png(chunks))
        #expect(metadata.textChunks.count == 3)
        #expect(metadata.warnings == ["more than 3 text chunks; the rest ignored"])
    }

    @Test("warnings themselves are capped")
    func warningsCapped() {
        var limits = MetadataLimits()
        limits.maxWarnings = 4
        let chunks = (0 ..< 10).map { _ in (type: "tEXt", data: [UInt8]("no keyword terminator".utf8)) }
        let warnings = MetadataReader(limits: limits).read(MetadataFixture.png(chunks)).warnings
        #expect(warnings.count == 4)
        #expect(warnings.last == "7 further warning(s) left out")
    }

    @Test("a file that is not an image yields a warning and nothing else")
    func notAnImage() {
        let metadata = MetadataReader().read(Array("GIF89a, or anything else".utf8))
        #expect(metadata.container == nil)
        #expect(metadata.warnings == ["not a JPEG, PNG or WebP file: no metadata read"])
    }

    @Test("mutated and truncated fixtures never crash the reader", .timeLimit(.minutes(5)), arguments: [
        "a1111-txt2img.png", "a1111-ztxt.png", "a1111.jpg", "a1111.webp", "comfyui-img2img.png", "c2pa.jpg", "c2pa.png",
        "xmp-trained.jpg", "novelai.png",
    ])
    func mutations(name: String) async throws {
        // Given: a deterministic stream of byte flips and cuts of the fixture.
        // When: each copy is read in a child process.
        // Then: the child exits normally, so no read trapped (a hang fails on the time limit).
        await #expect(processExitsWith: .success) { [name] in
            let original = try MetadataFixture.bytes(name)
            var generator = SplitMix64(seed: UInt64(original.count))
            func next() -> Int { Int(generator.next() >> 33) }
            for round in 0 ..< 300 {
                var bytes = original
                for _ in 0 ..< 1 + round % 8 { bytes[next() % bytes.count] = UInt8(next() & 0xFF) }
                if round % 5 == 0 { bytes.removeLast(next() % bytes.count) }
                _ = MetadataReader().read(bytes)
            }
        }
    }
}
