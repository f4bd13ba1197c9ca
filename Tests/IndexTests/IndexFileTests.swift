import Foundation
import PalimpsestCore
@testable import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("Index files")
struct IndexFileTests {
    /// A small file of kind "test", version 3, with two sections, written in a fresh folder.
    static func written() throws -> (path: String, bytes: Data) {
        var writer = IndexFileWriter(kind: "test", version: 3)
        writer.append("keys", [Int64(7), -2, 1 << 40])
        try writer.append("header", json: ["name": "paintings"])
        let path = try Synthetic.temporaryDirectory().appendingPathComponent("a/b.idx").path
        try writer.write(to: path)
        return (path, writer.bytes())
    }

    @Test("what is written reads back: arrays exactly, JSON decoded")
    func writtenSectionsReadBack() throws {
        let (path, _) = try Self.written()
        let file = try IndexFile(path: path, kind: "test", version: 3)
        #expect(try file.array("keys", of: Int64.self) == [7, -2, 1 << 40])
        #expect(try file.json("header", as: [String: String].self) == ["name": "paintings"])
    }

    @Test("a missing section is malformed, not empty")
    func missingSectionIsMalformed() throws {
        let file = try IndexFile(path: try Self.written().path, kind: "test", version: 3)
        #expect(throws: IndexFileError.malformed(path: file.path, reason: "no section codes")) { try file.array("codes", of: UInt64.self) }
    }

    @Test("another kind and another format version are told apart")
    func otherKindAndVersionAreRefused() throws {
        let path = try Self.written().path
        #expect(throws: IndexFileError.otherKind(path: path, found: "test", expected: "lfseg")) {
            try IndexFile(path: path, kind: "lfseg", version: 3)
        }
        #expect(throws: IndexFileError.otherVersion(path: path, found: 3, expected: 4)) { try IndexFile(path: path, kind: "test", version: 4) }
    }

    @Test("a file cut short anywhere is truncated, never read", arguments: [10, 30, 60, 100])
    func truncatedFileIsRefused(_ cut: Int) throws {
        let (path, bytes) = try Self.written()
        try bytes.prefix(bytes.count - cut).write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexFileError.truncated(path: path)) { try IndexFile(path: path, kind: "test", version: 3) }
    }

    @Test("one changed byte fails the checksum")
    func changedByteFailsTheChecksum() throws {
        let (path, bytes) = try Self.written()
        var changed = bytes
        changed[60] ^= 0x10
        try changed.write(to: URL(fileURLWithPath: path))
        #expect(throws: IndexFileError.checksumMismatch(path: path)) { try IndexFile(path: path, kind: "test", version: 3) }
    }

    @Test("a file that is not an index, or is missing, says so")
    func otherFilesAreRefused() throws {
        let folder = try Synthetic.temporaryDirectory()
        let png = folder.appendingPathComponent("x.idx")
        try Data(Array("\u{89}PNG\r\n\u{1a}\n".utf8) + Array(repeating: 0, count: 64)).write(to: png)
        #expect(throws: IndexFileError.notAnIndexFile(path: png.path)) { try IndexFile(path: png.path, kind: "test", version: 3) }
        let missing = folder.appendingPathComponent("none.idx").path
        #expect { try IndexFile(path: missing, kind: "test", version: 3) } throws: { error in
            if case .unreadable = error as? IndexFileError { return true }
            return false
        }
    }
}
