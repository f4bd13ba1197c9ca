import Foundation
import PalimpsestCore
import PalimpsestFingerprint

/// The local features of a batch of references, coded and grouped in inverted lists, as a unit
/// written once and opened again without being worked out again: a corpus's persistent index
/// is a few of them, one per `corpus add` until they are merged. What a search needs of them
/// (codes, keypoint directions and scales, lists); the full features stay in the ledger.
///
/// ```swift
/// let segment = LocalFeatureSegment(extractor: LocalFeatureExtractor.identifier, featuresPerReference: 400,
///                                   listing: .init(), references: [(7, features)])
/// try segment.write(to: "corpus/segment-1.palidx")
/// var index = LocalFeatureIndex()
/// index.append(try LocalFeatureSegment(contentsOf: "corpus/segment-1.palidx"), positions: [0])
/// ```
public struct LocalFeatureSegment: Sendable {
    /// The file kind and format version this build writes and reads.
    public static let fileKind = "lfseg", formatVersion = 1

    /// What the segment was made with and holds: a reader uses it only when these are what it
    /// would make.
    public struct Header: Codable, Sendable, Equatable {
        /// The local-feature extractor (algorithm and version) the features came from.
        public var extractor: String
        /// The most codes kept per reference.
        public var featuresPerReference: Int
        /// How the lists were built.
        public var listing: LocalFeatureIndex.Listing
        public var referenceCount: Int
        public var codeCount: Int
    }

    public let header: Header
    /// The caller's key of each reference (the ledger's image id), in stored order.
    public let keys: [Int64]
    /// How many codes each reference has.
    let codeCounts: [Int32]
    /// The codes in stored order, two words each, when held apart from the lists (a segment
    /// read from a file holds them in its lists alone, so opening one does not hold them twice).
    private let storedWords: [UInt64]?
    let angles: [Float]
    let logScales: [Float]
    /// The codes in inverted lists, positions counted from the segment's first code.
    let lists: CodeLists

    /// Number of codes.
    public var codeCount: Int { angles.count }

    /// The codes in stored order, two words each.
    var words: [UInt64] { storedWords ?? lists.wordsInStoredOrder(base: 0) }

    /// Codes the first `featuresPerReference` keypoints of each reference (none when its
    /// features are `nil`) and groups them as `listing` says.
    public init(extractor: String, featuresPerReference: Int, listing: LocalFeatureIndex.Listing,
                references: some Sequence<(key: Int64, features: LocalFeatures?)>) {
        var keys: [Int64] = [], counts: [Int32] = [], words: [UInt64] = [], angles: [Float] = [], logScales: [Float] = []
        for (key, features) in references {
            keys.append(key)
            guard let features else {
                counts.append(0)
                continue
            }
            let coded = LocalFeatureIndex.coded(features, limit: featuresPerReference)
            counts.append(Int32(coded.angles.count))
            words += coded.words
            angles += coded.angles
            logScales += coded.logScales
        }
        self.init(header: Header(extractor: extractor, featuresPerReference: featuresPerReference, listing: listing,
                                 referenceCount: keys.count, codeCount: angles.count),
                  keys: keys, codeCounts: counts, words: words, angles: angles, logScales: logScales,
                  lists: LocalFeatureIndex.lists(of: words, listing: listing))
    }

    /// One segment holding the references of `segments`, in order, listed afresh as `listing`
    /// says: what `corpus compact` writes.
    ///
    /// - Precondition: the segments come from one extractor and keep as many codes per reference.
    public init(merging segments: [LocalFeatureSegment], listing: LocalFeatureIndex.Listing) {
        let first = segments.first?.header
        precondition(segments.allSatisfy { $0.header.extractor == first?.extractor
            && $0.header.featuresPerReference == first?.featuresPerReference }, "segments of different extractors")
        let words = segments.flatMap(\.words)
        self.init(header: Header(extractor: first?.extractor ?? "", featuresPerReference: first?.featuresPerReference ?? 0,
                                 listing: listing, referenceCount: segments.map(\.keys.count).reduce(0, +),
                                 codeCount: segments.map(\.codeCount).reduce(0, +)),
                  keys: segments.flatMap(\.keys), codeCounts: segments.flatMap(\.codeCounts), words: words,
                  angles: segments.flatMap(\.angles), logScales: segments.flatMap(\.logScales),
                  lists: LocalFeatureIndex.lists(of: words, listing: listing))
    }

    /// The segment cut into runs of at most `size` references, in order, each listed afresh as
    /// `listing` says: what `corpus compact --segment-size` writes, so that shards, which take
    /// segments whole, can split the corpus.
    public func pieces(ofAtMost size: Int, listing: LocalFeatureIndex.Listing) -> [LocalFeatureSegment] {
        precondition(size > 0, "a piece holds at least one reference")
        // Once: a segment read from a file gathers its stored-order codes from its lists.
        let all = words
        var out: [LocalFeatureSegment] = [], firstCode = 0
        for start in stride(from: 0, to: keys.count, by: size) {
            let range = start ..< min(start + size, keys.count)
            let counts = Array(codeCounts[range]), codes = firstCode ..< firstCode + counts.reduce(0) { $0 + Int($1) }
            let words = Array(all[2 * codes.lowerBound ..< 2 * codes.upperBound])
            out.append(LocalFeatureSegment(
                header: Header(extractor: header.extractor, featuresPerReference: header.featuresPerReference, listing: listing,
                               referenceCount: range.count, codeCount: codes.count),
                keys: Array(keys[range]), codeCounts: counts, words: words, angles: Array(angles[codes]),
                logScales: Array(logScales[codes]), lists: LocalFeatureIndex.lists(of: words, listing: listing)))
            firstCode = codes.upperBound
        }
        return out
    }

    private init(header: Header, keys: [Int64], codeCounts: [Int32], words: [UInt64]?, angles: [Float], logScales: [Float],
                 lists: CodeLists) {
        self.header = header
        self.keys = keys
        self.codeCounts = codeCounts
        storedWords = words
        self.angles = angles
        self.logScales = logScales
        self.lists = lists
    }

    /// Writes the segment to `path` (whole or not at all).
    public func write(to path: String) throws {
        var writer = IndexFileWriter(kind: Self.fileKind, version: Self.formatVersion)
        try writer.append("header", json: header)
        writer.append("keys", keys)
        writer.append("counts", codeCounts)
        writer.append("codes", words)
        writer.append("angles", angles)
        writer.append("lscales", logScales)
        lists.append(to: &writer)
        try writer.write(to: path)
    }

    /// The header and keys of the segment written at `path`, checked whole (see ``IndexFile``)
    /// but without reading its codes: which references it holds, for choosing shards.
    ///
    /// - Throws: ``IndexFileError``.
    public static func headerAndKeys(ofFileAt path: String) throws(IndexFileError) -> (header: Header, keys: [Int64]) {
        let file = try IndexFile(path: path, kind: fileKind, version: formatVersion)
        let header = try file.json("header", as: Header.self), keys = try file.array("keys", of: Int64.self)
        guard keys.count == header.referenceCount else { throw .malformed(path: path, reason: "counts and lengths disagree") }
        return (header, keys)
    }

    /// Reads the segment written at `path`, checking it whole (see ``IndexFile``) and
    /// consistent (counts, lengths and lists agree), since searches trust it.
    ///
    /// - Throws: ``IndexFileError``.
    public init(contentsOf path: String) throws(IndexFileError) {
        let file = try IndexFile(path: path, kind: Self.fileKind, version: Self.formatVersion)
        let header = try file.json("header", as: Header.self)
        // The stored-order codes ("codes") are not read: the lists hold every code with its
        // position (checked by CodeLists), and the file's checksum covers both.
        let keys = try file.array("keys", of: Int64.self), counts = try file.array("counts", of: Int32.self)
        let angles = try file.array("angles", of: Float.self), logScales = try file.array("lscales", of: Float.self)
        guard keys.count == header.referenceCount, counts.count == keys.count, counts.allSatisfy({ $0 >= 0 }),
              counts.reduce(0, { $0 + Int($1) }) == header.codeCount, angles.count == header.codeCount,
              logScales.count == header.codeCount
        else { throw .malformed(path: path, reason: "counts and lengths disagree") }
        self.init(header: header, keys: keys, codeCounts: counts, words: nil, angles: angles, logScales: logScales,
                  lists: try CodeLists(file: file, codeCount: header.codeCount))
    }
}
