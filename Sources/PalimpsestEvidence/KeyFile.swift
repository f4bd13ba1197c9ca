import PalimpsestCore
import Foundation

/// The one-line text form shared by secret and public key files.
enum KeyFile {
    static func read(_ path: String, tag: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvidenceError.badKeyFile(path: path, reason: "it cannot be read")
        }
        let words = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 2, words[0] == tag else {
            throw EvidenceError.badKeyFile(path: path, reason: "it is not a `\(tag)` file")
        }
        guard let raw = Data(base64Encoded: String(words[1])), raw.count == 32 else {
            throw EvidenceError.badKeyFile(path: path, reason: "its key is not 32 bytes of base64")
        }
        return raw
    }

    static func write(_ path: String, tag: String, raw: Data, permissions: Int) throws {
        let text = Data("\(tag) \(raw.base64EncodedString())\n".utf8)
        guard FileManager.default.createFile(atPath: path, contents: text, attributes: [.posixPermissions: permissions]) else {
            throw EvidenceError.cannotWrite(path: path, reason: "the file could not be created")
        }
    }
}
