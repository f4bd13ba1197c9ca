import PalimpsestCore
import Foundation
@testable import PalimpsestServer
import Testing

/// Reading the one file of a multipart/form-data body.
@Suite("multipart forms")
struct MultipartFormTests {
    private func form(_ parts: [(headers: String, content: String)], boundary: String = "b0undary") -> [UInt8] {
        var body = ""
        for part in parts { body += "--\(boundary)\r\n\(part.headers)\r\n\r\n\(part.content)\r\n" }
        return Array((body + "--\(boundary)--\r\n").utf8)
    }

    @Test("the boundary is read from the content type, quoted or not")
    func boundary() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == "")
        #expect(MultipartForm.boundary(contentType: "image/jpeg") == nil)
    }

    @Test("the part with a filename is the file, whatever other fields come with it")
    func fileAmongFields() throws {
        let body = form([("Content-Disposition: form-data; name=\"top\"", "3"),
                         ("Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png", "PNGDATA\r\nmore")])
        let file = try MultipartForm.file(in: body, boundary: "b0undary")
        #expect(file == MultipartForm.File(filename: "a.png", bytes: Array("PNGDATA\r\nmore".utf8)))
    }

    @Test("a single part without filename is taken as the file")
    func singlePart() throws {
        let file = try MultipartForm.file(in: form([("Content-Disposition: form-data; name=\"image\"", "bytes")]), boundary: "b0undary")
        #expect(file == MultipartForm.File(filename: nil, bytes: Array("bytes".utf8)))
    }

    @Test("forms with no file, two files or a broken structure are refused", arguments: [
        "two files", "no parts", "unterminated", "no boundary",
    ])
    func refused(_ kind: String) {
        let file = "Content-Disposition: form-data; name=\"f\"; filename=\"x.jpg\""
        let body: [UInt8] = switch kind {
        case "two files": form([(file, "1"), (file, "2")])
        case "no parts": Array("--b0undary--\r\n".utf8)
        case "unterminated": Array("--b0undary\r\n\(file)\r\n\r\nbytes".utf8)
        default: Array("just bytes".utf8)
        }
        #expect(throws: APIError.self) { try MultipartForm.file(in: body, boundary: "b0undary") }
    }
}
