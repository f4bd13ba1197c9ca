import PalimpsestCore
import Foundation

/// The one file of a `multipart/form-data` body (RFC 7578), as browsers and `curl -F` send it.
///
/// The body must hold exactly one part with a `filename` (other parts are ignored) or, when
/// no part has one, exactly one part.
///
/// ```swift
/// let file = try MultipartForm.file(in: body, contentType: "multipart/form-data; boundary=x")
/// print(file.filename ?? "-", file.bytes.count)
/// ```
enum MultipartForm {
    /// A file part.
    struct File: Equatable {
        /// The part's `filename`, when given.
        var filename: String?
        /// The part's content.
        var bytes: [UInt8]
    }

    /// The boundary of a `multipart/form-data` content type, or `nil` for any other type.
    static func boundary(contentType: String) -> String? {
        let fields = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.first?.lowercased() == "multipart/form-data" else { return nil }
        for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
            let value = field.dropFirst("boundary=".count)
            return value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") ? String(value.dropFirst().dropLast()) : String(value)
        }
        return ""
    }

    /// The file in `body`, whose parts are separated by `boundary`.
    ///
    /// - Throws: ``APIError`` (400, `bad-multipart`) when the body is not such a form or does
    ///   not hold exactly one file.
    static func file(in body: [UInt8], boundary: String) throws -> File {
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else { throw malformed("its boundary is missing or longer than 70 characters") }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [(headers: [String: String], content: ArraySlice<UInt8>)] = []
        guard var position = body.firstRange(of: delimiter)?.upperBound else { throw malformed("no part starts with the boundary") }
        while true {
            if body[position...].starts(with: Array("--".utf8)) { break }
            guard body[position...].starts(with: crlf) else { throw malformed("a boundary line does not end with CRLF") }
            position += 2
            guard let headerEnd = body[position...].firstRange(of: crlf + crlf) else { throw malformed("a part's headers do not end") }
            let headers = try self.headers(body[position ..< headerEnd.lowerBound])
            let contentStart = headerEnd.upperBound
            guard let next = body[contentStart...].firstRange(of: crlf + delimiter) else { throw malformed("the last part is not closed") }
            parts.append((headers, body[contentStart ..< next.lowerBound]))
            position = next.upperBound
        }
        let files = parts.filter { $0.headers["filename"] != nil }
        let chosen = files.isEmpty ? parts : files
        guard chosen.count == 1, let part = chosen.first else {
            throw malformed("it holds \(chosen.count) files; send exactly one")
        }
        return File(filename: part.headers["filename"], bytes: Array(part.content))
    }

    private static let crlf: [UInt8] = [13, 10]

    /// The `Content-Disposition` parameters of a part (`name`, `filename`).
    private static func headers(_ bytes: ArraySlice<UInt8>) throws -> [String: String] {
        var out: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { throw malformed("a part header has no colon") }
            guard line[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
            for parameter in line[line.index(after: colon)...].split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                var value = pair[1]
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                out[pair[0].lowercased()] = value
            }
        }
        return out
    }

    private static func malformed(_ reason: String) -> APIError {
        APIError(.badRequest, code: "bad-multipart",
                 message: "The multipart/form-data body cannot be read (\(reason)): send one file part, or the image's bytes as the body.")
    }
}
