import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestLedger

/// The persistent local-feature indexes of a ledger's corpora, so that a scan, a worker or the
/// service opens a corpus's coded, listed features instead of working them out again from
/// every reference's features in the ledger.
///
/// Beside a SQLite ledger `palimpsest.sqlite` they live in `palimpsest.sqlite.index/`, one
/// folder per corpus holding its segments (``LocalFeatureSegment``): one per `corpus add` that
/// recorded new images, until `corpus compact` merges them into one. An index is used only when
/// its segments cover exactly the corpus's image files, were made by this build's extractor and
/// format, and read back whole: anything else is detected and reported as stale (with why), and
/// the corpus is then indexed in memory from the ledger for that run, as `corpus reindex`
/// would write it.
///
/// ```swift
/// let store = CorpusIndexStore(ledger: ledger)!
/// try store.update(corpus: "paintings", ledger: ledger)   // after corpus add
/// print(try store.state(ofCorpus: "paintings", in: ledger))
/// ```
public struct CorpusIndexStore: Sendable {
    /// The folder holding one folder per corpus.
    public let directory: String
    /// The extractor whose features are indexed, and how many codes are kept per reference.
    public let extractor: String
    public let featuresPerReference: Int

    /// The store in `directory`.
    public init(directory: String, extractor: String = LocalFeatureExtractor.identifier, featuresPerReference: Int = 400) {
        self.directory = directory
        self.extractor = extractor
        self.featuresPerReference = featuresPerReference
    }

    /// The store beside `ledger`'s SQLite file, or `nil` for a ledger in memory or in
    /// PostgreSQL, whose corpora are indexed in memory at every start.
    public init?(ledger: Ledger) {
        guard case let .file(path) = ledger.location else { return nil }
        self.init(directory: path + ".index")
    }

    /// The folder of corpus `name`: the name itself when it is plain letters, digits, `.`, `_`
    /// and `-`, else its UTF-8 in hex, so that any name maps to one safe folder name.
    public func folder(ofCorpus name: String) -> String {
        let plain = !name.isEmpty && name.utf8.allSatisfy { $0 < 128 && (Character(UnicodeScalar($0)).isLetter
            || Character(UnicodeScalar($0)).isNumber || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")) }
        let leaf = plain ? "corpus-" + name : "corpus-x" + name.utf8.map { String(format: "%02x", $0) }.joined()
        return (directory as NSString).appendingPathComponent(leaf)
    }

    /// The segment files of corpus `name`, in the order written.
    public func segmentPaths(ofCorpus name: String) -> [String] {
        let folder = folder(ofCorpus: name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasPrefix("segment-") && $0.hasSuffix(".lfseg") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// The segments of corpus `name` when they cover exactly the image files `ids` (ascending)
    /// and were made by this store's extractor and codes per reference; else why not.
    public func segments(ofCorpus name: String, covering ids: [Int64]) -> IndexLookup {
        guard !segmentPaths(ofCorpus: name).isEmpty || !ids.isEmpty else { return .usable([]) }
        switch heldSegments(ofCorpus: name) {
        case .usable(let held): return Self.coverage(of: ids, by: held.map(\.keys)).map { .unusable($0) } ?? .usable(held)
        case .unusable(let state): return .unusable(state)
        }
    }

    /// ``segments(ofCorpus:covering:)`` reading only each segment's header and keys: the
    /// references each segment file holds, when together they cover exactly `ids`.
    public func segmentKeys(ofCorpus name: String, covering ids: [Int64]) -> SegmentKeysLookup {
        let paths = segmentPaths(ofCorpus: name)
        guard !paths.isEmpty else { return ids.isEmpty ? .usable([]) : .unusable(.missing) }
        var found: [(path: String, header: LocalFeatureSegment.Header, keys: [Int64])] = []
        for path in paths {
            do {
                let (header, keys) = try LocalFeatureSegment.headerAndKeys(ofFileAt: path)
                found.append((path, header, keys))
            } catch {
                return .unusable(.stale(error.description))
            }
        }
        if let problem = problem(headers: found.map(\.header), keys: found.map(\.keys)) ?? Self.coverage(of: ids, by: found.map(\.keys)) {
            return .unusable(problem)
        }
        return .usable(found.map { ($0.path, $0.keys) })
    }

    /// Every segment of corpus `name`, when there are some, each reads back whole, all were
    /// made by this store's extractor and codes per reference, and no reference is held twice;
    /// else why not. Which references they should hold is the caller's to check.
    private func heldSegments(ofCorpus name: String) -> IndexLookup {
        let paths = segmentPaths(ofCorpus: name)
        guard !paths.isEmpty else { return .unusable(.missing) }
        var segments: [LocalFeatureSegment] = []
        for path in paths {
            do {
                segments.append(try LocalFeatureSegment(contentsOf: path))
            } catch {
                return .unusable(.stale(error.description))
            }
        }
        return problem(headers: segments.map(\.header), keys: segments.map(\.keys)).map { .unusable($0) } ?? .usable(segments)
    }

    /// Why segments with these headers and keys cannot be used whatever the corpus holds: made by
    /// another extractor or number of codes per reference, or holding a reference twice.
    private func problem(headers: [LocalFeatureSegment.Header], keys: [[Int64]]) -> IndexState? {
        if let other = headers.first(where: { $0.extractor != extractor || $0.featuresPerReference != featuresPerReference }) {
            return .stale("made by \(other.extractor) keeping \(other.featuresPerReference) codes per reference, "
                          + "where this build uses \(extractor) and \(featuresPerReference)")
        }
        let all = keys.joined()
        return Set(all).count == all.count ? nil : .stale("its segments hold some references twice")
    }

    /// Why segments holding `keys` do not cover exactly the image files `ids`: how many were
    /// added or removed since; `nil` when they do.
    private static func coverage(of ids: [Int64], by keys: [[Int64]]) -> IndexState? {
        let wanted = Set(ids), covered = Set(keys.joined())
        let added = wanted.subtracting(covered).count, removed = covered.subtracting(wanted).count
        guard added > 0 || removed > 0 else { return nil }
        let parts = [added > 0 ? "\(added) reference\(added == 1 ? "" : "s") added since" : nil,
                     removed > 0 ? "\(removed) reference\(removed == 1 ? "" : "s") removed since" : nil]
        return .stale(parts.compactMap { $0 }.joined(separator: ", "))
    }

    /// The state of corpus `name`'s index against the ledger now.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``, or a ledger error.
    public func state(ofCorpus name: String, in ledger: Ledger) throws -> IndexState {
        switch segments(ofCorpus: name, covering: try ledger.imageIDs(inCorpus: name)) {
        case .usable(let segments): .fresh(segments: segments.count, references: segments.map(\.keys.count).reduce(0, +))
        case .unusable(let state): state
        }
    }

    /// Brings corpus `name`'s index up to date after references were added: writes one segment
    /// for the image files no segment holds yet, or, when the index is missing, unreadable, of
    /// another extractor or holds references the corpus no longer has, rewrites it whole
    /// (``reindex(corpus:ledger:listing:)``).
    ///
    /// - Returns: what was written.
    /// - Throws: a ledger error, or a file system error writing the segment.
    @discardableResult
    public func update(corpus name: String, ledger: Ledger, listing: LocalFeatureIndex.Listing = .init()) throws -> IndexUpdate {
        let ids = try ledger.imageIDs(inCorpus: name)
        guard case .usable(let held) = heldSegments(ofCorpus: name), case let covered = Set(held.flatMap(\.keys)),
              covered.isSubset(of: Set(ids))
        else { return try reindex(corpus: name, ledger: ledger, listing: listing) }
        let paths = segmentPaths(ofCorpus: name)
        let missing = Set(ids).subtracting(covered)
        guard !missing.isEmpty else { return IndexUpdate(written: 0, references: 0, segments: held.count) }
        let segment = try self.segment(of: name, ledger: ledger, ids: missing, listing: listing)
        try segment.write(to: nextSegmentPath(ofCorpus: name, after: paths))
        return IndexUpdate(written: 1, references: segment.keys.count, segments: held.count + 1)
    }

    /// Rewrites corpus `name`'s index from the ledger as one segment, whatever state it was in.
    @discardableResult
    public func reindex(corpus name: String, ledger: Ledger, listing: LocalFeatureIndex.Listing = .init()) throws -> IndexUpdate {
        let ids = try ledger.imageIDs(inCorpus: name)
        let segment = try self.segment(of: name, ledger: ledger, ids: Set(ids), listing: listing)
        let old = segmentPaths(ofCorpus: name)
        try segment.write(to: nextSegmentPath(ofCorpus: name, after: old))
        for path in old { try? FileManager.default.removeItem(atPath: path) }
        return IndexUpdate(written: 1, references: segment.keys.count, segments: 1)
    }

    /// Merges corpus `name`'s segments into one, listed afresh, without reading the ledger's
    /// features: what many `corpus add` runs leave is then searched as one set of lists. A
    /// stale index is rewritten from the ledger instead.
    ///
    /// - Parameter segmentSize: when given, the merged references are written as segments of at
    ///   most this many, in order, so that shards (which take segments whole) can split the corpus.
    @discardableResult
    public func compact(corpus name: String, ledger: Ledger, listing: LocalFeatureIndex.Listing = .init(),
                        segmentSize: Int? = nil) throws -> IndexUpdate {
        let ids = try ledger.imageIDs(inCorpus: name)
        var update = IndexUpdate(written: 0, references: 0, segments: 0)
        let merged: LocalFeatureSegment
        if case .usable(let segments) = self.segments(ofCorpus: name, covering: ids) {
            guard segments.count > 1 || segmentSize.map({ size in segments.contains { $0.keys.count > size } }) == true else {
                return IndexUpdate(written: 0, references: 0, segments: segments.count)
            }
            merged = LocalFeatureSegment(merging: segments, listing: listing)
        } else {
            guard segmentSize != nil else { return try reindex(corpus: name, ledger: ledger, listing: listing) }
            merged = try segment(of: name, ledger: ledger, ids: Set(ids), listing: listing)
        }
        let old = segmentPaths(ofCorpus: name)
        var written = old
        for piece in segmentSize.map({ merged.pieces(ofAtMost: $0, listing: listing) }) ?? [merged] {
            let path = nextSegmentPath(ofCorpus: name, after: written)
            try piece.write(to: path)
            written.append(path)
            update.written += 1
            update.references += piece.keys.count
        }
        update.segments = update.written
        for path in old { try? FileManager.default.removeItem(atPath: path) }
        return update
    }

    /// Deletes corpus `name`'s index (when the corpus is removed).
    public func remove(corpus name: String) {
        try? FileManager.default.removeItem(atPath: folder(ofCorpus: name))
    }

    /// A segment of the image files `ids` of corpus `name`, from their features in the ledger,
    /// in ascending id order (as a scan without an index lists them).
    func segment(of name: String, ledger: Ledger, ids: Set<Int64>, listing: LocalFeatureIndex.Listing) throws -> LocalFeatureSegment {
        var references: [(key: Int64, features: LocalFeatures?)] = []
        references.reserveCapacity(ids.count)
        try ledger.forEachReference(inCorpora: [name], featureExtractor: extractor) { reference in
            guard ids.contains(reference.imageID) else { return }
            references.append((reference.imageID, reference.localFeatures.flatMap(LocalFeatures.init(serialized:))))
        }
        return LocalFeatureSegment(extractor: extractor, featuresPerReference: featuresPerReference, listing: listing,
                                   references: references)
    }

    /// The path of the segment written after `paths`: numbered one past the last.
    private func nextSegmentPath(ofCorpus name: String, after paths: [String]) -> String {
        let last = paths.compactMap { Int(($0 as NSString).lastPathComponent.dropFirst("segment-".count).dropLast(".lfseg".count)) }.max() ?? 0
        return (folder(ofCorpus: name) as NSString).appendingPathComponent(String(format: "segment-%06d.lfseg", last + 1))
    }
}

/// A corpus's segments when they can be used, else why not.
public enum IndexLookup: Sendable {
    case usable([LocalFeatureSegment])
    case unusable(IndexState)
}

/// Which references each of a corpus's segment files holds, when they can be used, else why not.
public enum SegmentKeysLookup: Sendable {
    case usable([(path: String, keys: [Int64])])
    case unusable(IndexState)
}

/// Whether a corpus's persistent index can be used.
public enum IndexState: Sendable, Equatable, CustomStringConvertible {
    /// It covers exactly the corpus's image files.
    case fresh(segments: Int, references: Int)
    /// There is none.
    case missing
    /// It cannot be used, for the reason given.
    case stale(String)
    /// It holds this many images already indexed with a corpus loaded before it, so the rest
    /// were indexed from the ledger.
    case overlapping(Int)

    public var description: String {
        switch self {
        case .fresh(0, 0): "nothing to index (no image files)"
        case let .fresh(segments, references):
            "up to date: \(references) reference\(references == 1 ? "" : "s") in \(segments) segment\(segments == 1 ? "" : "s")"
        case .missing: "no index"
        case let .stale(reason): "stale (\(reason))"
        case let .overlapping(count): "shares \(count) image\(count == 1 ? "" : "s") with a corpus loaded before it"
        }
    }
}

/// What ``CorpusIndexStore`` wrote.
public struct IndexUpdate: Sendable, Equatable {
    /// Segment files written.
    public var written: Int
    /// References in them.
    public var references: Int
    /// Segments the corpus's index has now.
    public var segments: Int

    public init(written: Int, references: Int, segments: Int) {
        self.written = written
        self.references = references
        self.segments = segments
    }
}
