import PalimpsestCore
import Foundation
import CPalimpsestKernels
import PalimpsestFingerprint

/// Finds the references a query shares local features with, by voting, so that crops and
/// copies pasted into other images can be retrieved before geometric verification.
///
/// Each descriptor is reduced to a 128-bit code: bit `i` is set when byte `i` exceeds the
/// descriptor's own median (binarised SIFT), which needs no training and no corpus
/// statistics. A query's codes are compared with every stored code by Hamming distance. A
/// query keypoint votes for the reference owning its nearest code when that code is clearly
/// nearer than the nearest code of any *other* reference (a ratio test), or, searched against a
/// fixed panel of codes (``search(_:limit:settings:panel:memo:)``), for every reference with a
/// code clearly nearer than the panel's nearest, so that its votes do not depend on the other
/// references. Votes for a reference
/// are then counted only when they agree on one change of scale and rotation (weak geometric
/// consistency): the largest cell of a histogram of keypoint angle and log-scale differences
/// is the reference's score.
///
/// Only stored codes closer than ``cutoff(ratio:maxDistance:)`` (38 bits by default) can change
/// a vote. Below 10,000 stored codes every one is compared with every query code. From there
/// on they are searched through inverted lists (``CodeLists``) of about 96 codes, each query code
/// compared only with the codes of the lists whose centroids are nearest it: a sixteenth of
/// them (at least 48) up to 4,096 lists, then a fixed 64 chosen through a second level of
/// group centroids, so that a search's cost stops growing with the corpus (see ``Listing``).
/// That is not exact: a near code filed under a farther centroid is missed, which loses a vote
/// or, when it was the nearest code of another reference, lets one pass its ratio test.
/// `palimpsest-bench --check` compares the votes with ``exhaustive``'s. Memory is 48 bytes per
/// stored keypoint.
///
/// ```swift
/// var index = LocalFeatureIndex()
/// for features in referenceFeatures { index.add(features) }
/// let ranked = index.search(queryFeatures, limit: 10)
/// print(ranked.first?.position, ranked.first?.votes)
/// ```
public struct LocalFeatureIndex: Sendable {
    /// A reference the query shares features with.
    public struct Candidate: Sendable, Equatable {
        /// The reference's position in the index (the order of ``add(_:)`` calls, or as given to
        /// ``append(_:positions:)``).
        public var position: Int
        /// Geometrically consistent votes: the ranking score.
        public var votes: Float
        /// All votes, consistent or not.
        public var matches: Int
        /// Whether the votes are the query's mirror image's (it gave more than the query).
        public var mirrored = false
    }

    /// The most codes stored per reference (its strongest keypoints).
    public let featuresPerReference: Int
    /// Number of references added.
    public private(set) var count = 0
    private(set) var owners: [Int32] = []
    private(set) var angles: [Float] = []
    private(set) var logScales: [Float] = []
    /// The stored codes in runs, each listed on its own: the codes added one reference at a
    /// time form the last run, and each segment appended (``append(_:positions:)``) its own,
    /// whose lists were built when it was written. A search probes every run's lists.
    private var runs: [Run] = []
    /// How the stored codes are listed for search.
    public private(set) var listing: Listing

    /// Stored codes `start ..< end`, with their lists once built (positions in the whole index).
    ///
    /// A run's codes are held once: in stored order (`words`, two each) until its lists are
    /// built, then in the lists alone (``prepare()`` lets the stored-order copy go).
    private struct Run: Sendable {
        var start: Int
        var end: Int
        /// The run's codes in stored order, two words each, while they are the only copy (empty
        /// once ``prepare()`` left them to the lists).
        var words: [UInt64] = []
        var lists = BuiltOnce<CodeLists>()
        /// Whether references added later join this run (else they begin a new one).
        var open: Bool

        /// The run's codes in stored order, two words each, from wherever they are held.
        var storedWords: [UInt64] {
            if !words.isEmpty || end == start { return words }
            return lists.existing!.wordsInStoredOrder(base: start)
        }
    }

    /// How stored codes are grouped for search: in one list (every code compared with every
    /// query code) below `minimumCount` codes, else in inverted lists of about `codesPerList`
    /// codes (at most `maximumLists` of them). Up to `flatLists` lists, each query code probes
    /// the nearest `1 / probedShare` of them, and at least `minimumProbes`. Beyond, the lists
    /// are grouped under about the square root of their number of group centroids (see
    /// ``CodeLists``), and each query code probes a fixed budget, the `groupedProbes` lists
    /// nearest it among those of its `groupProbes` nearest groups, so that its cost no longer
    /// grows with the corpus; each stored code is filed in the nearest list of its
    /// `assignmentGroupProbes` nearest groups. What a list misses depends more on how many lists
    /// are probed than on their share: on the sample references, a quarter of 111 lists kept 175
    /// of 185 voting nearest codes, a sixteenth 140.
    public struct Listing: Codable, Sendable, Equatable {
        public var minimumCount = 10_000
        public var codesPerList = 96
        public var maximumLists = 1 << 22
        public var probedShare = 16
        public var minimumProbes = 48
        public var flatLists = 4_096
        public var groupProbes = 8
        public var assignmentGroupProbes = 2
        public var groupedProbes = 64

        /// The defaults.
        public init() {}

        /// Reads a listing as recorded; one recorded before lists were grouped (matching-v2)
        /// never grouped them.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            minimumCount = try c.decode(Int.self, forKey: .minimumCount)
            codesPerList = try c.decode(Int.self, forKey: .codesPerList)
            maximumLists = try c.decode(Int.self, forKey: .maximumLists)
            probedShare = try c.decode(Int.self, forKey: .probedShare)
            minimumProbes = try c.decode(Int.self, forKey: .minimumProbes)
            flatLists = try c.decodeIfPresent(Int.self, forKey: .flatLists) ?? .max
            groupProbes = try c.decodeIfPresent(Int.self, forKey: .groupProbes) ?? 8
            assignmentGroupProbes = try c.decodeIfPresent(Int.self, forKey: .assignmentGroupProbes) ?? 2
            groupedProbes = try c.decodeIfPresent(Int.self, forKey: .groupedProbes) ?? 128
        }

        /// Whether `other` groups codes in the same lists: it may differ in how many of them a
        /// search probes, which is decided at each search.
        public func buildsTheSameLists(as other: Listing) -> Bool {
            (minimumCount, codesPerList, maximumLists, flatLists, assignmentGroupProbes)
                == (other.minimumCount, other.codesPerList, other.maximumLists, other.flatLists, other.assignmentGroupProbes)
        }

        /// How `codeCount` codes are grouped: the number of lists, how many of them a query
        /// code probes, and the number of groups of lists (0 when they are not grouped).
        func lists(for codeCount: Int) -> (count: Int, probes: Int, groups: Int) {
            guard codeCount >= minimumCount else { return (1, 1, 0) }
            let count = min(maximumLists, max(1, codeCount / max(1, codesPerList)))
            let share = max(1, probedShare)
            guard count > flatLists else { return (count, min(count, max(minimumProbes, count / share)), 0) }
            let groups = Int(Double(count).squareRoot().rounded())
            return (count, min(count, max(1, groupedProbes)), groups)
        }
    }

    /// Creates an empty index.
    ///
    /// - Parameter featuresPerReference: how many of each reference's keypoints are stored
    ///   (400 by default); fewer makes searches proportionally faster.
    public init(featuresPerReference: Int = 400) {
        self.init(featuresPerReference: featuresPerReference, listing: Listing())
    }

    /// Creates an empty index whose codes are listed as `listing` says.
    public init(featuresPerReference: Int = 400, listing: Listing) {
        self.featuresPerReference = featuresPerReference
        self.listing = listing
    }

    /// Number of stored codes.
    public var codeCount: Int { owners.count }

    /// Stored code `position` (bits 0–63, then 64–127), for tools that make codes like real ones.
    /// Once the lists hold the codes (``prepare()``), finding one looks through its run's lists.
    public func storedCode(at position: Int) -> SIMD2<UInt64> {
        let run = runs.first { $0.start <= position && position < $0.end }!
        if !run.words.isEmpty { return SIMD2(run.words[2 * (position - run.start)], run.words[2 * (position - run.start) + 1]) }
        return run.lists.existing!.code(at: position)
    }

    /// The direction and log2-scale of stored code `position`'s keypoint.
    public func keypoint(at position: Int) -> (angle: Float, logScale: Float) {
        (angles[position], logScales[position])
    }

    /// Every stored code in stored order, two words each (bits 0–63, then 64–127), gathered
    /// from the runs and their lists.
    var storedWords: [UInt64] { runs.flatMap(\.storedWords) }

    /// Whether every run's codes are held in its lists alone (as ``prepare()`` leaves them).
    var holdsCodesOnce: Bool { runs.allSatisfy { $0.words.isEmpty && ($0.end == $0.start || $0.lists.existing != nil) } }

    /// A copy of the index whose searches compare every stored code with every query code:
    /// what its inverted lists approximate, to measure them by.
    public var exhaustive: LocalFeatureIndex {
        var copy = self
        copy.listing.minimumCount = .max
        copy.runs = [Run(start: 0, end: codeCount, words: storedWords, open: true)]
        return copy
    }

    /// A copy of the index with the same lists, each query code probing `1 / divisor` as many
    /// of them: to measure what a smaller probe budget would keep.
    public func probing(divisor: Int) -> LocalFeatureIndex {
        var copy = self
        copy.listing.probedShare *= divisor
        copy.listing.minimumProbes = max(1, listing.minimumProbes / divisor)
        copy.listing.groupedProbes = max(1, listing.groupedProbes / divisor)
        return copy
    }

    /// Number of runs whose lists are built (an appended segment's are, when they could be kept).
    var listedRunCount: Int { runs.filter { $0.lists.existing != nil }.count }

    /// Number of runs of codes listed on their own (one per appended segment, and one for the
    /// references added one at a time).
    public var runCount: Int { runs.count }

    /// Groups the stored codes for search now, so that the first search does not wait for it,
    /// and lets the lists hold the codes alone (16 bytes per code less).
    public mutating func prepare() {
        for i in runs.indices {
            _ = codeLists(runs[i])
            runs[i].words = []
        }
    }

    /// A run's codes grouped for search, and how many lists a query code probes.
    private func codeLists(_ run: Run) -> (lists: CodeLists, probes: Int) {
        let probes = listing.lists(for: run.end - run.start).probes
        return (run.lists.value { Self.lists(of: run.words, listing: listing).rebased(by: run.start) }, probes)
    }

    /// `words` (two per code) grouped for search as `listing` says.
    static func lists(of words: [UInt64], listing: Listing) -> CodeLists {
        let (count, _, groups) = listing.lists(for: words.count / 2)
        return CodeLists(words: words, listCount: count, groups: groups, assignmentProbes: listing.assignmentGroupProbes)
    }

    /// Adds a reference and returns its position.
    @discardableResult
    public mutating func add(_ features: LocalFeatures) -> Int {
        let coded = Self.coded(features, limit: featuresPerReference)
        return add(words: coded.words, angles: coded.angles, logScales: coded.logScales)
    }

    /// Adds a reference by its codes (two words each, as ``coded(_:limit:)`` makes them) and
    /// their keypoints' directions and log2-scales, and returns its position.
    ///
    /// - Precondition: two words per direction and one log-scale per direction, at most
    ///   ``featuresPerReference`` of them.
    @discardableResult
    public mutating func add(words: [UInt64], angles: [Float], logScales: [Float]) -> Int {
        precondition(words.count == 2 * angles.count && logScales.count == angles.count, "two words, a direction and a scale per code")
        precondition(angles.count <= featuresPerReference, "more codes than the index keeps per reference")
        let position = count
        self.angles += angles
        self.logScales += logScales
        owners += repeatElement(Int32(position), count: angles.count)
        count += 1
        if runs.last?.open != true { runs.append(Run(start: codeCount - angles.count, end: codeCount - angles.count, open: true)) }
        let last = runs.count - 1
        if runs[last].words.isEmpty { runs[last].words = runs[last].storedWords }
        runs[last].words += words
        runs[last].end = codeCount
        runs[last].lists = BuiltOnce()
        return position
    }

    /// Adds the references of `segment`, the reference of its `k`th key at position
    /// `positions[k]`, with the lists the segment was written with when this index's `listing`
    /// builds the same lists (else they are built again from its codes on the first search).
    /// References added later begin a run of their own.
    ///
    /// - Precondition: the segment keeps as many codes per reference as this index, and
    ///   `positions` has one entry per key.
    public mutating func append(_ segment: LocalFeatureSegment, positions: [Int]) {
        precondition(segment.header.featuresPerReference == featuresPerReference, "a segment of another number of codes per reference")
        precondition(positions.count == segment.keys.count, "one position per key of the segment")
        let start = codeCount
        // The first segment's arrays are taken as they are, not copied.
        if angles.isEmpty { (angles, logScales) = (segment.angles, segment.logScales) } else {
            angles += segment.angles
            logScales += segment.logScales
        }
        owners.reserveCapacity(start + segment.codeCount)
        for (k, n) in segment.codeCounts.enumerated() { owners += repeatElement(Int32(positions[k]), count: Int(n)) }
        count = max(count, (positions.max() ?? -1) + 1)
        var run = Run(start: start, end: codeCount, open: false)
        if segment.header.listing.buildsTheSameLists(as: listing) {
            _ = run.lists.value { segment.lists.rebased(by: start) }
        } else {
            run.words = segment.words
        }
        runs.append(run)
    }

    /// The codes (two words each), directions and log2-scales of the first `limit` keypoints
    /// of `features`.
    public static func coded(_ features: LocalFeatures, limit: Int) -> (words: [UInt64], angles: [Float], logScales: [Float]) {
        let kept = min(features.count, limit)
        var words = [UInt64](), angles = [Float](), logScales = [Float]()
        words.reserveCapacity(2 * kept)
        angles.reserveCapacity(kept)
        logScales.reserveCapacity(kept)
        features.descriptors.withUnsafeBufferPointer { bytes in
            for k in 0 ..< kept {
                let code = Self.code(bytes.baseAddress! + k * LocalFeatures.descriptorLength)
                words += [code.x, code.y]
                angles.append(features.keypoints[k].angle)
                logScales.append(log2(max(1e-3, features.keypoints[k].scale)))
            }
        }
        return (words, angles, logScales)
    }

    /// The nearest stored codes found for a query's keypoints, direct and mirrored, so that
    /// the same query extended with more keypoints (its pasted-looking parts, described after a
    /// first search) is compared with the stored codes for the new keypoints only. Each
    /// keypoint's nearest codes do not depend on the others, so a search with a memo finds
    /// exactly what a fresh search of the extended query finds.
    public struct Memo: Sendable {
        fileprivate var direct: [Nearest] = []
        fileprivate var mirrored: [Nearest] = []
        var againstPanel = PanelSearch()
        var cutoff = 0

        /// An empty memo, for a query not searched before.
        public init() {}

        /// Whether the query's mirror image was searched (it is not once a reference wins
        /// decisive direct votes, unless votes are weighed against a panel).
        public var searchedMirrored: Bool { !mirrored.isEmpty || !againstPanel.mirrored.panel.isEmpty }
    }

    /// The references `query` shares the most consistent votes with, best first.
    ///
    /// - Parameters:
    ///   - query: the query's features.
    ///   - limit: the most candidates returned.
    ///   - includeMirrored: whether the query's mirror image votes too, so flipped copies are
    ///     found (`true` by default). It is skipped when the query itself already gives one
    ///     reference `decisiveVotes` consistent votes: a flipped copy gets few direct votes, so
    ///     that query is not one.
    ///   - mirroredKeypoints: how many of the query's first (strongest) keypoints vote
    ///     mirrored (200 by default, half the extractor's most). A flipped copy or crop wins
    ///     its votes from its strongest keypoints, and the features appended for pasted-looking
    ///     parts (see ``Memo``) are then not searched mirrored, which spares a third of the
    ///     codes searched for a query with parts.
    ///   - decisiveVotes: direct consistent votes for one reference that make the mirrored
    ///     search needless (24 by default; a re-encoded copy typically gets 50 to 200).
    ///   - ratio: a vote needs its nearest distance below `ratio` × the nearest distance to
    ///     any other reference (0.85 by default).
    ///   - maxDistance: a vote needs its nearest code within this many bits of 128 (32 by
    ///     default).
    /// - Returns: references with at least one vote, most consistent votes first; a
    ///   reference's votes are those of the direct or the mirrored query, whichever is higher.
    public func search(
        _ query: LocalFeatures, limit: Int, includeMirrored: Bool = true, mirroredKeypoints: Int = 200, decisiveVotes: Float = 24,
        ratio: Float = 0.85, maxDistance: Int = 32
    ) -> [Candidate] {
        var memo = Memo()
        return search(query, limit: limit, includeMirrored: includeMirrored, mirroredKeypoints: mirroredKeypoints,
                      decisiveVotes: decisiveVotes, ratio: ratio, maxDistance: maxDistance, memo: &memo)
    }

    /// ``search(_:limit:includeMirrored:mirroredKeypoints:decisiveVotes:ratio:maxDistance:)`` reusing what an
    /// earlier search of the first keypoints of `query` found, and leaving in `memo` what this
    /// one found.
    ///
    /// - Parameter memo: an empty memo, or one an earlier search of this index filled for a
    ///   query whose keypoints `query` begins with, in the same order.
    public func search(
        _ query: LocalFeatures, limit: Int, includeMirrored: Bool = true, mirroredKeypoints: Int = 200, decisiveVotes: Float = 24,
        ratio: Float = 0.85, maxDistance: Int = 32, memo: inout Memo
    ) -> [Candidate] {
        guard count > 0, query.count > 0 else { return [] }
        let cutoff = Self.cutoff(ratio: ratio, maxDistance: maxDistance)
        if memo.cutoff != cutoff { memo = Memo() }
        memo.cutoff = cutoff
        var best: [Int: Candidate] = [:]
        memo.direct = extended(memo.direct, for: query, cutoff: cutoff)
        tally(query, memo.direct, mirrored: false, into: &best, ratio: ratio, maxDistance: maxDistance)
        if includeMirrored, !best.values.contains(where: { $0.votes >= decisiveVotes }) {
            let mirrored = query.slice(0 ..< min(query.count, mirroredKeypoints)).mirrored()
            memo.mirrored = extended(memo.mirrored, for: mirrored, cutoff: cutoff)
            tally(mirrored, memo.mirrored, mirrored: true, into: &best, ratio: ratio, maxDistance: maxDistance)
        }
        let ranked = best.values.sorted { ($0.votes, $0.matches, -$0.position) > ($1.votes, $1.matches, -$1.position) }
        return Array(ranked.prefix(limit))
    }

    /// ``search(_:limit:includeMirrored:mirroredKeypoints:decisiveVotes:ratio:maxDistance:memo:)``
    /// with the numbers of `settings`.
    public func search(_ query: LocalFeatures, limit: Int, settings: LocalFeatureSearch, memo: inout Memo) -> [Candidate] {
        search(query, limit: limit, mirroredKeypoints: settings.mirroredKeypoints, decisiveVotes: settings.decisiveVotes,
               ratio: settings.ratio, maxDistance: settings.maxDistance, memo: &memo)
    }

    /// The nearest codes of every keypoint of `query`, given those of its first `known.count`.
    private func extended(_ known: [Nearest], for query: LocalFeatures, cutoff: Int) -> [Nearest] {
        precondition(known.count <= query.count, "a memo holds more keypoints than the query")
        guard known.count < query.count else { return known }
        return known + nearestCodes(of: query.slice(known.count ..< query.count), cutoff: cutoff)
    }

    /// The least distance at which a stored code cannot change a vote: it can be neither a
    /// vote's nearest code (farther than `maxDistance`) nor the other reference's code that
    /// fails a vote's ratio test (`ratio` × it exceeds every distance a vote may have).
    static func cutoff(ratio: Float, maxDistance: Int) -> Int {
        var cutoff = max(0, maxDistance + 1)
        while cutoff < 129, !(ratio * Float(cutoff) > Float(maxDistance)) { cutoff += 1 }
        return min(cutoff, 129)
    }

    /// Counts the consistent votes of `variant`'s keypoints, whose nearest codes are
    /// `nearest`, per reference, keeping in `best` each reference's higher count (marked
    /// `mirrored` when it is the mirrored variant's).
    private func tally(_ variant: LocalFeatures, _ nearest: [Nearest], mirrored: Bool, into best: inout [Int: Candidate], ratio: Float,
                       maxDistance: Int) {
        Self.keep(votes(of: variant, nearest, ratio: ratio, maxDistance: maxDistance), mirrored: mirrored, in: &best)
    }

    /// The votes of `variant`'s keypoints, whose nearest codes are `nearest`, that pass the
    /// ratio test against the nearest code of another reference.
    func votes(of variant: LocalFeatures, _ nearest: [Nearest], ratio: Float, maxDistance: Int) -> VoteTally {
        var votes = VoteTally()
        for (k, hit) in nearest.enumerated() {
            guard hit.first >= 0, hit.distance <= maxDistance, Float(hit.distance) < ratio * Float(hit.otherDistance) else { continue }
            vote(for: hit.first, from: variant.keypoints[k], in: &votes)
        }
        return votes
    }

    /// Records in `votes` a vote of `point` for the reference of stored code `position`.
    func vote(for position: Int, from point: Keypoint, in votes: inout VoteTally) {
        votes.add(reference: Int(owners[position]), turn: angles[position] - point.angle,
                  logScale: logScales[position] - log2(max(1e-3, point.scale)))
    }

    /// Keeps in `best` each reference's higher count, `votes`' (marked `mirrored`) or the one held.
    static func keep(_ votes: VoteTally, mirrored: Bool, in best: inout [Int: Candidate]) {
        for var candidate in votes.ranked(limit: .max) where candidate.votes > best[candidate.position]?.votes ?? 0 {
            candidate.mirrored = mirrored
            best[candidate.position] = candidate
        }
    }

    /// Nearest stored code of each query keypoint, with the distance to the nearest code of a
    /// different reference.
    struct Nearest: Sendable {
        /// Index of the nearest stored code, or -1 before any.
        var first: Int = -1
        /// Its Hamming distance.
        var distance: Int = 129
        /// Distance of the nearest code owned by a reference other than `first`'s.
        var otherDistance: Int = 129
    }

    /// The nearest stored code of each query code, and the nearest of another reference,
    /// among the stored codes closer than `cutoff` (farther ones cannot change a vote; see
    /// ``cutoff(ratio:maxDistance:)``) in the lists each probes (every code below
    /// `listing.minimumCount`; see `pal_lists_nearest`).
    func nearestCodes(of query: LocalFeatures, cutoff: Int, compare: pal_compare = PAL_COMPARE_FASTEST) -> [Nearest] {
        let codes = Self.codes(of: query)
        var state = [pal_nearest](repeating: pal_nearest(first: -1, distance: 129, other_distance: 129), count: query.count)
        for run in runs where run.end > run.start {
            let (lists, probes) = codeLists(run)
            lists.nearest(codes, owners: owners, probes: probes, groupProbes: listing.groupProbes, cutoff: cutoff, state: &state,
                          compare: compare)
        }
        return state.map { Nearest(first: Int($0.first), distance: Int($0.distance), otherDistance: Int($0.other_distance)) }
    }

    /// The codes of every keypoint of `query`, two words each.
    static func codes(of query: LocalFeatures) -> [UInt64] {
        var codes = [UInt64](repeating: 0, count: 2 * query.count)
        query.descriptors.withUnsafeBufferPointer { bytes in
            for k in 0 ..< query.count {
                let code = Self.code(bytes.baseAddress! + k * LocalFeatures.descriptorLength)
                (codes[2 * k], codes[2 * k + 1]) = (code.x, code.y)
            }
        }
        return codes
    }

    /// Every stored code within `radii[k]` bits of query code `k` (none when negative) among
    /// the lists each probes, in query order: those of code `k` are `hits[starts[k] ..< starts[k + 1]]`.
    func storedCodes(near codes: [UInt64], radii: [Int32]) -> (hits: [Hit], starts: [Int32]) {
        var found: [pal_hit] = []
        for run in runs where run.end > run.start {
            let (lists, probes) = codeLists(run)
            found += lists.within(codes, radii: radii, probes: probes, groupProbes: listing.groupProbes)
        }
        var starts = [Int32](repeating: 0, count: radii.count + 1)
        for hit in found { starts[Int(hit.query) + 1] += 1 }
        for k in 0 ..< radii.count { starts[k + 1] += starts[k] }
        var next = starts
        var hits = [Hit](repeating: Hit(position: 0, distance: 0), count: found.count)
        for hit in found {
            hits[Int(next[Int(hit.query)])] = Hit(position: hit.position, distance: hit.distance)
            next[Int(hit.query)] += 1
        }
        return (hits, starts)
    }

    /// The 128-bit code of one descriptor: bit `i` set when byte `i` is above the
    /// descriptor's median byte.
    static func code(_ descriptor: UnsafePointer<UInt8>) -> SIMD2<UInt64> {
        let median = withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { histogram in
            histogram.initialize(repeating: 0)
            for i in 0 ..< LocalFeatures.descriptorLength { histogram[Int(descriptor[i])] += 1 }
            var median = 0, seen = 0
            while seen + histogram[median] <= LocalFeatures.descriptorLength / 2 {
                seen += histogram[median]
                median += 1
            }
            return median
        }
        var words = SIMD2<UInt64>(0, 0)
        for i in 0 ..< LocalFeatures.descriptorLength where Int(descriptor[i]) > median {
            words[i >> 6] |= 1 << UInt64(i & 63)
        }
        return words
    }
}

/// The numbers of a local-feature search that can change which references a query votes for,
/// so part of the matching configuration a run records. See
/// ``LocalFeatureIndex/search(_:limit:includeMirrored:mirroredKeypoints:decisiveVotes:ratio:maxDistance:memo:)``
/// for what each does.
public struct LocalFeatureSearch: Codable, Sendable, Equatable {
    /// How many of the query's strongest keypoints are searched mirrored.
    public var mirroredKeypoints = 200
    /// Direct consistent votes for one reference that make the mirrored search needless
    /// (searches against the corpus only: against a panel the mirror image is always searched).
    public var decisiveVotes: Float = 24
    /// A vote needs its nearest distance below this times the distance to any other reference.
    public var ratio: Float = 0.85
    /// A vote needs its nearest code within this many bits of 128.
    public var maxDistance = 32
    /// How stored codes are grouped in lists and probed.
    public var listing = LocalFeatureIndex.Listing()
    /// Consistent votes a query gives a panel image by which it is taken to copy it, so that
    /// its codes do not make the query's look ordinary (searches against a panel only; see
    /// ``LocalFeatureIndex/search(_:limit:settings:panel:memo:)``).
    public var copiedPanelVotes: Float = 8

    /// The defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case mirroredKeypoints, decisiveVotes, ratio, maxDistance, listing, copiedPanelVotes
    }

    /// Reads settings as recorded; those recorded before votes were weighed against a panel
    /// (matching-v3) take the default `copiedPanelVotes`, which they never used.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mirroredKeypoints = try c.decode(Int.self, forKey: .mirroredKeypoints)
        decisiveVotes = try c.decode(Float.self, forKey: .decisiveVotes)
        ratio = try c.decode(Float.self, forKey: .ratio)
        maxDistance = try c.decode(Int.self, forKey: .maxDistance)
        listing = try c.decode(LocalFeatureIndex.Listing.self, forKey: .listing)
        copiedPanelVotes = try c.decodeIfPresent(Float.self, forKey: .copiedPanelVotes) ?? 8
    }
}
