import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport
import Testing

@Suite("Hostile and malformed input")
struct HostileInputTests {
    @Test func emptyInputFailsAsEmpty() {
        #expect(throws: DecodeError.empty) { try ImageDecoder().decode([]) }
    }

    @Test func textFileNamedJPEGIsUnsupported() throws {
        let error = #expect(throws: DecodeError.self) { try decodeFixture("jpeg/not-a-jpeg.jpg") }
        #expect(error?.kind == "unsupported")
        #expect(error?.message.contains("text file") == true)
    }

    @Test func gifIsNamedInUnsupportedMessage() {
        let error = #expect(throws: DecodeError.self) { try ImageDecoder().decode(Array("GIF89a\u{1}\u{0}".utf8)) }
        #expect(error?.message.contains("GIF") == true)
    }

    @Test(arguments: ["jpeg/garbage-after-soi.jpg", "png/garbage-after-signature.png"])
    func garbageAfterSignatureFailsAsCorrupt(fixture: String) {
        let error = #expect(throws: DecodeError.self) { try decodeFixture(fixture) }
        #expect(error?.kind == "corrupt")
    }

    @Test(arguments: [
        ("jpeg/huge-dimensions.jpg", 60000, 60000),
        ("png/huge-dimensions.png", 100_000, 100_000),
        ("webp/huge-dimensions.webp", 16384, 16384),
    ])
    func absurdDimensionsFailBeforeAllocating(fixture: String, width: Int, height: Int) {
        #expect(throws: DecodeError.tooManyPixels(width: width, height: height, limit: 100_000_000)) {
            try decodeFixture(fixture)
        }
    }

    @Test func pixelLimitIsInclusive() throws {
        #expect(throws: DecodeError.tooManyPixels(width: 64, height: 48, limit: 3071)) {
            try decodeFixture("jpeg/baseline.jpg", DecodeOptions(maxPixels: 3071))
        }
        #expect(try decodeFixture("jpeg/baseline.jpg", DecodeOptions(maxPixels: 3072)).raster.pixelCount == 3072)
    }

    /// Every prefix and a thousand copies with one to four bytes damaged, of each format, end in
    /// an image or a `DecodeError`: the damage runs in a child process, which exits normally
    /// only if no decode trapped; a hang fails on the time limit.
    @Test(.timeLimit(.minutes(5)), arguments: [
        "jpeg/baseline.jpg", "jpeg/progressive.jpg", "jpeg/cmyk-adobe.jpg", "jpeg/orientation-6.jpg",
        "png/adam7-16.png", "png/palette-trns.png", "png/exif-orientation-6.png",
        "webp/lossy.webp", "webp/alpha-lossless.webp", "webp/animated.webp", "webp/exif-orientation-8.webp",
    ])
    func damagedCopiesNeverCrash(fixture: String) async throws {
        await #expect(processExitsWith: .success) { [fixture] in
            let original = try Fixtures.bytes("decode/" + fixture)
            let decoder = ImageDecoder(options: DecodeOptions(maxPixels: 1 << 20))
            func attempt(_ bytes: [UInt8]) {
                _ = try? decoder.decode(bytes)
                _ = try? decoder.readHeader(bytes)
            }
            for length in stride(from: 0, to: original.count, by: max(1, original.count / 200)) {
                attempt(Array(original.prefix(length)))
            }
            var generator = SplitMix64(seed: UInt64(original.count))
            for _ in 0 ..< 1000 {
                var damaged = original
                for _ in 0 ..< 1 + Int(generator.next() % 4) {
                    damaged[Int(generator.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
                attempt(damaged)
            }
        }
    }

    @Test("the damage test's child process fails when a decode traps")
    func damageTestSeesATrap() async {
        await #expect(processExitsWith: .failure) {
            let bytes: [UInt8] = []
            _ = try? ImageDecoder().decode(bytes)
            precondition(bytes.count > 0, "a trap, as a decoder bug would cause")
        }
    }
}
