import PalimpsestCore
import PalimpsestLedger

/// The light image references of a ``ReferenceSet`` (identity, digests, hash codes; no
/// embedding or local features), packed into a few flat arrays instead of one
/// ``StoredReference`` per image: each of those holds a dictionary of hash codes and half a
/// dozen strings, each its own allocation, several hundred bytes per reference that a corpus of
/// millions cannot spare. A reference is unpacked when asked for, which happens for the few a
/// query proposes.
///
/// Strings that repeat from reference to reference (corpus names, formats, embedders, hash
/// names) are kept once in a table and named by their number; the rest (digests, paths, hash
/// codes) are kept as UTF-8 bytes, one record per reference, each field preceded by its length.
public struct ReferenceTable: RandomAccessCollection, Sendable {
    public typealias Index = Int

    private var imageIDs: [Int64] = []
    /// Width, height and PDQ quality (`-1` for a width or height not known).
    private var sizes: [SIMD4<Int32>] = []
    /// File sizes (`-1` when not known).
    private var fileSizes: [Int64] = []
    /// PDQ hashes, four words each (zeros when absent: see `hasPDQ`).
    private var pdqWords: [UInt64] = []
    private var hasPDQ: [Bool] = []
    /// Where each reference's record begins in `bytes`, and where the last ends.
    private var recordStarts: [Int] = [0]
    private var bytes: [UInt8] = []
    /// The strings named by number in records.
    private var strings: [String] = []
    private var stringNumbers: [String: Int] = [:]

    /// An empty table.
    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { imageIDs.count }

    /// Adds `reference`, dropping its embedding and local features (the set keeps those apart).
    public mutating func append(_ reference: StoredReference) {
        imageIDs.append(reference.imageID)
        sizes.append(SIMD4(Int32(clamping: reference.width ?? -1), Int32(clamping: reference.height ?? -1),
                           Int32(clamping: reference.pdqQuality), 0))
        fileSizes.append(reference.fileSize ?? -1)
        let pdq = reference.pdq?.words ?? SIMD4()
        pdqWords += [pdq[0], pdq[1], pdq[2], pdq[3]]
        hasPDQ.append(reference.pdq != nil)
        write(reference.sha256)
        write(reference.pixelDigest)
        writeNumber(number(of: reference.corpus))
        write(reference.path)
        writeNumber(reference.format.map { number(of: $0) + 1 } ?? 0)
        writeNumber(reference.embedder.map { number(of: $0) + 1 } ?? 0)
        writeNumber(reference.hashCodes.count)
        for (name, code) in reference.hashCodes.sorted(by: { $0.key < $1.key }) {
            writeNumber(number(of: name))
            write(code.hex)
        }
        recordStarts.append(bytes.count)
    }

    /// Reserves room for `count` references.
    public mutating func reserveCapacity(_ count: Int) {
        imageIDs.reserveCapacity(count)
        sizes.reserveCapacity(count)
        fileSizes.reserveCapacity(count)
        pdqWords.reserveCapacity(4 * count)
        hasPDQ.reserveCapacity(count)
        recordStarts.reserveCapacity(count + 1)
    }

    /// The reference at `position`, without embedding or local features.
    public subscript(position: Int) -> StoredReference {
        var reader = Reader(bytes: bytes, at: recordStarts[position])
        let sha256 = reader.string() ?? ""
        let pixelDigest = reader.string()
        let corpus = strings[reader.number()]
        let path = reader.string() ?? ""
        let format = reader.optionalNumber().map { strings[$0] }
        let embedder = reader.optionalNumber().map { strings[$0] }
        var hashCodes: [String: HashCode] = [:]
        for _ in 0 ..< reader.number() {
            let name = strings[reader.number()]
            hashCodes[name] = HashCode(hex: reader.string() ?? "")
        }
        let size = sizes[position], fileSize = fileSizes[position]
        let pdq = hasPDQ[position]
            ? Bits256(words: SIMD4(pdqWords[4 * position], pdqWords[4 * position + 1], pdqWords[4 * position + 2], pdqWords[4 * position + 3]))
            : nil
        return StoredReference(imageID: imageIDs[position], sha256: sha256, pixelDigest: pixelDigest, corpus: corpus, path: path,
                               format: format, width: size[0] < 0 ? nil : Int(size[0]), height: size[1] < 0 ? nil : Int(size[1]),
                               fileSize: fileSize < 0 ? nil : fileSize, pdq: pdq, pdqQuality: Int(size[2]), hashCodes: hashCodes,
                               embedding: nil, embedder: embedder, localFeatures: nil)
    }

    /// The image id of the reference at `position`, without unpacking the rest.
    public func imageID(at position: Int) -> Int64 { imageIDs[position] }

    // MARK: - Records

    private mutating func number(of string: String) -> Int {
        if let n = stringNumbers[string] { return n }
        strings.append(string)
        stringNumbers[string] = strings.count - 1
        return strings.count - 1
    }

    /// Appends `value` in seven-bit groups, lowest first, the high bit marking that more follow.
    private mutating func writeNumber(_ value: Int) {
        var v = UInt(value)
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Appends a string as its byte count plus one (0 for `nil`), then its UTF-8 bytes.
    private mutating func write(_ string: String?) {
        guard let string else { return writeNumber(0) }
        let utf8 = Array(string.utf8)
        writeNumber(utf8.count + 1)
        bytes += utf8
    }

    /// Reads a record as `append(_:)` wrote it.
    private struct Reader {
        let bytes: [UInt8]
        var at: Int

        mutating func number() -> Int {
            var value = 0, shift = 0
            while true {
                let byte = bytes[at]
                at += 1
                value |= Int(byte & 0x7f) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        /// A number written as itself plus one, `nil` for 0.
        mutating func optionalNumber() -> Int? {
            let n = number()
            return n == 0 ? nil : n - 1
        }

        mutating func string() -> String? {
            guard let count = optionalNumber() else { return nil }
            defer { at += count }
            return String(decoding: bytes[at ..< at + count], as: UTF8.self)
        }
    }
}
