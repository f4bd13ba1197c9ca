import Foundation
import PalimpsestCore

/// A persisted index as a file of named, typed arrays closed by a checksum, so that a reader
/// tells a good file from one of another kind or format version, a truncated one and a corrupt
/// one, and says which.
///
/// Layout, little-endian: the magic `PALIMPIX`, the kind (8 ASCII bytes, space-padded), the
/// format version and the number of sections (`UInt32` each); then each section: its tag (8
/// ASCII bytes, space-padded), its length in bytes (`UInt64`) and its bytes, padded with zeros
/// to a multiple of 8 so that every array starts aligned; then the SHA-256 of every byte before
/// it. The file is read through a memory map.
///
/// ```swift
/// var writer = IndexFileWriter(kind: "lfseg", version: 1)
/// writer.append("keys", [Int64(7), 9])
/// try writer.write(to: path)
/// let file = try IndexFile(path: path, kind: "lfseg", version: 1)
/// let keys = try file.array("keys", of: Int64.self)
/// ```
public struct IndexFile: Sendable {
    static let magic = Array("PALIMPIX".utf8)

    /// Where the file was read from.
    public let path: String
    /// Each section's bytes, by tag.
    private let sections: [String: Data]

    /// Reads and checks the file at `path`: it must be of `kind` and format `version`, whole,
    /// and match its checksum.
    ///
    /// - Throws: ``IndexFileError``, saying which of those failed.
    public init(path: String, kind: String, version: Int) throws(IndexFileError) {
        self.path = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        var reader = Reader(data: data, path: path)
        guard data.count >= 24, Array(data.prefix(8)) == Self.magic else { throw .notAnIndexFile(path: path) }
        reader.offset = 8
        let foundKind = try reader.tag()
        guard foundKind == kind else { throw .otherKind(path: path, found: foundKind, expected: kind) }
        let foundVersion = Int(try reader.integer(UInt32.self))
        guard foundVersion == version else { throw .otherVersion(path: path, found: foundVersion, expected: version) }
        let count = Int(try reader.integer(UInt32.self))
        var sections: [String: Data] = [:]
        for _ in 0 ..< count {
            let tag = try reader.tag()
            let length = try reader.integer(UInt64.self)
            guard length <= UInt64(data.count) else { throw .truncated(path: path) }
            sections[tag] = try reader.bytes(Int(length))
            reader.offset += (8 - Int(length) % 8) % 8
        }
        guard data.count - reader.offset == 32 else {
            throw data.count - reader.offset < 32 ? .truncated(path: path) : .malformed(path: path, reason: "bytes after the checksum")
        }
        let checked = data.prefix(reader.offset)
        guard Digest.sha256(checked) == Array(data.suffix(32)) else { throw .checksumMismatch(path: path) }
        self.sections = sections
    }

    /// The array stored under `tag`.
    ///
    /// - Throws: ``IndexFileError/malformed(path:reason:)`` when there is none or its length is
    ///   not a whole number of elements.
    public func array<T: BitwiseCopyable>(_ tag: String, of type: T.Type) throws(IndexFileError) -> [T] {
        guard let bytes = sections[tag] else { throw .malformed(path: path, reason: "no section \(tag)") }
        let stride = MemoryLayout<T>.stride
        guard bytes.count % stride == 0 else { throw .malformed(path: path, reason: "section \(tag) is not whole \(T.self) values") }
        return [T](unsafeUninitializedCapacity: bytes.count / stride) { buffer, count in
            _ = bytes.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
            count = bytes.count / stride
        }
    }

    /// The JSON value stored under `tag`.
    public func json<T: Decodable>(_ tag: String, as type: T.Type) throws(IndexFileError) -> T {
        guard let bytes = sections[tag] else { throw .malformed(path: path, reason: "no section \(tag)") }
        do {
            return try JSONCoding.decoder.decode(T.self, from: bytes)
        } catch {
            throw .malformed(path: path, reason: "section \(tag): \(error)")
        }
    }

    /// Reads the fixed-size fields of the layout, failing as truncated past the end.
    private struct Reader {
        let data: Data
        let path: String
        var offset = 0

        mutating func bytes(_ count: Int) throws(IndexFileError) -> Data {
            guard count >= 0, offset + count <= data.count else { throw .truncated(path: path) }
            defer { offset += count }
            let start = data.startIndex + offset
            return data[start ..< start + count]
        }

        mutating func integer<I: FixedWidthInteger>(_ type: I.Type) throws(IndexFileError) -> I {
            let raw = try bytes(MemoryLayout<I>.size)
            var value = I.zero
            withUnsafeMutableBytes(of: &value) { _ = raw.copyBytes(to: $0) }
            return I(littleEndian: value)
        }

        mutating func tag() throws(IndexFileError) -> String {
            String(decoding: try bytes(8), as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
    }
}

/// Builds an ``IndexFile``: sections in the order appended, written whole or not at all.
public struct IndexFileWriter: Sendable {
    private let kind: String
    private let version: Int
    private var sections: [(tag: String, bytes: Data)] = []

    /// A file of `kind` (at most 8 ASCII characters) in format `version`.
    public init(kind: String, version: Int) {
        precondition(kind.utf8.count <= 8, "an index file kind has at most 8 characters")
        self.kind = kind
        self.version = version
    }

    /// Appends `values` as the section `tag` (at most 8 ASCII characters).
    public mutating func append<T: BitwiseCopyable>(_ tag: String, _ values: [T]) {
        precondition(tag.utf8.count <= 8, "a section tag has at most 8 characters")
        sections.append((tag, values.withUnsafeBytes { Data($0) }))
    }

    /// Appends `value` as JSON, as the section `tag`.
    public mutating func append(_ tag: String, json value: some Encodable) throws {
        precondition(tag.utf8.count <= 8, "a section tag has at most 8 characters")
        sections.append((tag, try JSONCoding.encoder().encode(value)))
    }

    /// The file's bytes.
    public func bytes() -> Data {
        var out = Data(IndexFile.magic)
        func tag(_ text: String) { out.append(contentsOf: Array(text.utf8) + Array(repeating: UInt8(ascii: " "), count: 8 - text.utf8.count)) }
        func integer<I: FixedWidthInteger>(_ value: I) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        tag(kind)
        integer(UInt32(version))
        integer(UInt32(sections.count))
        for section in sections {
            tag(section.tag)
            integer(UInt64(section.bytes.count))
            out.append(section.bytes)
            out.append(contentsOf: repeatElement(0, count: (8 - section.bytes.count % 8) % 8))
        }
        out.append(contentsOf: Digest.sha256(out))
        return out
    }

    /// Writes the file to `path` through a temporary file in its folder renamed into place, so
    /// that a reader finds the old file or the new one, never part of one.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes().write(to: url, options: .atomic)
    }
}

/// Why a persisted index file could not be used.
public enum IndexFileError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case notAnIndexFile(path: String)
    case otherKind(path: String, found: String, expected: String)
    case otherVersion(path: String, found: Int, expected: Int)
    case truncated(path: String)
    case checksumMismatch(path: String)
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): "\(path): cannot be read (\(reason))"
        case let .notAnIndexFile(path): "\(path): not a Palimpsest index file"
        case let .otherKind(path, found, expected): "\(path): a \(found) index file where a \(expected) one was expected"
        case let .otherVersion(path, found, expected):
            "\(path): index format \(found), where this version of Palimpsest reads \(expected); `palimpsest corpus reindex` rewrites it"
        case let .truncated(path): "\(path): truncated; `palimpsest corpus reindex` rewrites it"
        case let .checksumMismatch(path): "\(path): its checksum does not match its contents (corrupt); `palimpsest corpus reindex` rewrites it"
        case let .malformed(path, reason): "\(path): malformed (\(reason)); `palimpsest corpus reindex` rewrites it"
        }
    }
}
