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
/// it.
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
    /// Each section's place in the file, by tag.
    private let sections: [String: Range<UInt64>]
    /// The open file: sections are read from the file that was checked, even if another is
    /// renamed into its place meanwhile.
    private let reader: Reader

    /// Checks the file at `path`: it must be of `kind` and format `version`, whole, and match
    /// its checksum. The sections are read when asked for.
    ///
    /// - Throws: ``IndexFileError``, saying which of those failed.
    ///
    /// The checksum is taken in one streaming pass, and each array is then read straight into
    /// the memory that keeps it, so that opening a file never holds a second copy of it.
    public init(path: String, kind: String, version: Int) throws(IndexFileError) {
        self.path = path
        let size: UInt64
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        let reader = try Reader(path: path, size: size)
        guard size >= 24, try reader.read(8, at: 0) == Data(Self.magic) else { throw .notAnIndexFile(path: path) }
        var offset: UInt64 = 8
        let foundKind = try reader.tag(at: &offset)
        guard foundKind == kind else { throw .otherKind(path: path, found: foundKind, expected: kind) }
        let foundVersion = Int(try reader.integer(UInt32.self, at: &offset))
        guard foundVersion == version else { throw .otherVersion(path: path, found: foundVersion, expected: version) }
        let count = Int(try reader.integer(UInt32.self, at: &offset))
        var sections: [String: Range<UInt64>] = [:]
        for _ in 0 ..< count {
            let tag = try reader.tag(at: &offset)
            let length = try reader.integer(UInt64.self, at: &offset)
            guard length <= size, offset + length <= size else { throw .truncated(path: path) }
            sections[tag] = offset ..< offset + length
            offset += length + (8 - length % 8) % 8
        }
        guard offset <= size, size - offset >= 32 else { throw .truncated(path: path) }
        guard size - offset == 32 else { throw .malformed(path: path, reason: "bytes after the checksum") }
        guard try reader.sha256(upTo: offset) == Array(try reader.read(32, at: offset)) else { throw .checksumMismatch(path: path) }
        self.sections = sections
        self.reader = reader
    }

    /// The array stored under `tag`.
    ///
    /// - Throws: ``IndexFileError/malformed(path:reason:)`` when there is none or its length is
    ///   not a whole number of elements.
    public func array<T: BitwiseCopyable>(_ tag: String, of type: T.Type) throws(IndexFileError) -> [T] {
        guard let range = sections[tag] else { throw .malformed(path: path, reason: "no section \(tag)") }
        let stride = MemoryLayout<T>.stride, length = Int(range.upperBound - range.lowerBound)
        guard length % stride == 0 else { throw .malformed(path: path, reason: "section \(tag) is not whole \(T.self) values") }
        var failed = false
        let values = [T](unsafeUninitializedCapacity: length / stride) { buffer, count in
            failed = !reader.read(into: UnsafeMutableRawBufferPointer(buffer), at: range.lowerBound)
            count = failed ? 0 : length / stride
        }
        guard !failed else { throw .unreadable(path: path, reason: "section \(tag) could not be read") }
        return values
    }

    /// The JSON value stored under `tag`.
    public func json<T: Decodable>(_ tag: String, as type: T.Type) throws(IndexFileError) -> T {
        let bytes = Data(try array(tag, of: UInt8.self))
        do {
            return try JSONCoding.decoder.decode(T.self, from: bytes)
        } catch {
            throw .malformed(path: path, reason: "section \(tag): \(error)")
        }
    }

    /// Reads the file at given offsets (`pread`), failing as truncated past its end.
    private struct Reader: Sendable {
        let handle: FileHandle
        let path: String
        let size: UInt64

        init(path: String, size: UInt64) throws(IndexFileError) {
            guard let handle = FileHandle(forReadingAtPath: path) else { throw .unreadable(path: path, reason: "cannot be opened") }
            self.handle = handle
            self.path = path
            self.size = size
        }

        /// Fills `buffer` from `offset`; false when the file ends first.
        func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Bool {
            var done = 0
            while done < buffer.count {
                let n = pread(handle.fileDescriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
                if n <= 0 { return false }
                done += n
            }
            return true
        }

        func read(_ count: Int, at offset: UInt64) throws(IndexFileError) -> Data {
            guard offset + UInt64(count) <= size else { throw .truncated(path: path) }
            var data = Data(count: count)
            let ok = data.withUnsafeMutableBytes { read(into: $0, at: offset) }
            guard ok else { throw .truncated(path: path) }
            return data
        }

        func integer<I: FixedWidthInteger>(_ type: I.Type, at offset: inout UInt64) throws(IndexFileError) -> I {
            let raw = try read(MemoryLayout<I>.size, at: offset)
            offset += UInt64(MemoryLayout<I>.size)
            var value = I.zero
            withUnsafeMutableBytes(of: &value) { _ = raw.copyBytes(to: $0) }
            return I(littleEndian: value)
        }

        func tag(at offset: inout UInt64) throws(IndexFileError) -> String {
            let raw = try read(8, at: offset)
            offset += 8
            return String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }

        /// The SHA-256 of the first `end` bytes, read a megabyte at a time.
        func sha256(upTo end: UInt64) throws(IndexFileError) -> [UInt8] {
            var hasher = Digest.SHA256Stream()
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var offset: UInt64 = 0
            while offset < end {
                let n = Int(min(UInt64(buffer.count), end - offset))
                let ok = buffer.withUnsafeMutableBytes { read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0 ..< n]), at: offset) }
                guard ok else { throw .truncated(path: path) }
                hasher.update(buffer[0 ..< n])
                offset += UInt64(n)
            }
            return hasher.finalize()
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
