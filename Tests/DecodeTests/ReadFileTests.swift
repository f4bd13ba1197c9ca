import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport
import Testing

@Suite("Reading files")
struct ReadFileTests {
    @Test func readFileReturnsExactBytes() throws {
        let path = Fixtures.url("decode/png/rgb-8.png").path
        #expect(try ImageDecoder.readFile(path, limit: 1 << 20) == Fixtures.bytes("decode/png/rgb-8.png"))
    }

    @Test func fileOverLimitIsRefusedBeforeReading() {
        let path = Fixtures.url("decode/jpeg/baseline.jpg").path
        let decoder = ImageDecoder(options: DecodeOptions(maxFileBytes: 1000))
        #expect(throws: DecodeError.fileTooLarge(bytes: 1829, limit: 1000)) { try decoder.decode(contentsOf: path) }
    }

    @Test func missingFileIsUnreadable() {
        let error = #expect(throws: DecodeError.self) {
            try ImageDecoder().decode(contentsOf: "/nonexistent/palimpsest/image.jpg")
        }
        #expect(error?.kind == "unreadable")
    }

    @Test func folderIsUnreadable() {
        let error = #expect(throws: DecodeError.self) { try ImageDecoder().decode(contentsOf: Fixtures.directory.path) }
        #expect(error == .unreadable(path: Fixtures.directory.path, reason: "it is a folder"))
    }

    @Test func decodeFromPathMatchesDecodeFromBytes() throws {
        let path = Fixtures.url("decode/webp/lossless.webp").path
        let fromPath = try ImageDecoder().decode(contentsOf: path)
        let fromBytes = try decodeFixture("webp/lossless.webp")
        #expect(fromPath == fromBytes)
    }

    @Test(arguments: [
        ("jpeg/scaling-203x151.jpg", ImageFormat.jpeg, 203, 151),
        ("png/adam7-16.png", .png, 33, 27),
        ("webp/alpha-lossy.webp", .webp, 64, 48),
    ])
    func readHeaderReportsFormatAndSize(fixture: String, format: ImageFormat, width: Int, height: Int) throws {
        let header = try ImageDecoder().readHeader(Fixtures.bytes("decode/" + fixture))
        #expect(header.format == format && header.width == width && header.height == height)
    }
}
