import PalimpsestCore
import PalimpsestDecode
import Testing

@Suite("Decode errors")
struct DecodeErrorTests {
    @Test(arguments: [
        (DecodeError.empty, "empty"),
        (.unreadable(path: "a.jpg", reason: "No such file or directory"), "unreadable"),
        (.fileTooLarge(bytes: 10, limit: 5), "too-large"),
        (.tooManyPixels(width: 10, height: 10, limit: 5), "too-large"),
        (.unsupported("This is a GIF image"), "unsupported"),
        (.truncated("PNG: Read past end of data"), "truncated"),
        (.corrupt("JPEG: Bogus marker length"), "corrupt"),
    ])
    func everyCaseHasStableKindAndActionableMessage(error: DecodeError, kind: String) {
        #expect(error.kind == kind)
        #expect(error.message.hasSuffix("."))
        #expect(error.message.contains(":"))
        #expect(describeFailure(error).kind == kind)
    }

    @Test func emptyMessageTellsWhatToDo() {
        #expect(DecodeError.empty.message == "The file is empty (0 bytes): re-export or re-download it.")
    }
}
