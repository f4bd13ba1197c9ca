import PalimpsestCore
import CPalimpsestKernels
import Foundation

/// 128-bit codes grouped in inverted lists, each holding the codes nearest one centroid, so
/// that a query code is compared only with the lists whose centroids are nearest it: a
/// fraction of the codes, in exchange for missing the few near codes filed under a centroid
/// farther away (see ``LocalFeatureIndex`` for what that costs).
///
/// The centroids are codes sampled evenly over the stored order, then moved once to the
/// bitwise majority of the codes nearest them (a round of binary k-means), which evens out
/// the lists. One list holding every code is a linear scan.
///
/// Many lists are themselves grouped under about the square root of their number of group
/// centroids (sampled from the list centroids), so that finding a code's nearest lists
/// compares it with the group centroids and then with the lists of its nearest groups only:
/// building and probing then cost about the square root of the number of lists per code, not
/// their number.
struct CodeLists: Sendable {
    /// The centroids, two words each.
    private var centroids: [UInt64]
    /// Where each list begins in ``members``, and where the last ends.
    private var starts: [Int32]
    /// The codes, two words each, list by list, in stored order within a list.
    private var members: [UInt64]
    /// Each member's stored position.
    private var positions: [Int32]
    /// How the lists are grouped (none when ``Grouping/count`` is 0).
    private var grouping: Grouping

    /// Lists grouped under group centroids: group g holds the lists `starts[g] ..< starts[g + 1]`.
    struct Grouping: Sendable {
        var centroids: [UInt64] = []
        var starts: [Int32] = [0]
        /// How many of the nearest groups a stored code's list was chosen from.
        var probes = 1
        var count: Int { starts.count - 1 }
    }

    /// Number of lists.
    var listCount: Int { starts.count - 1 }
    /// Number of groups of lists (0 when the lists are not grouped).
    var groupCount: Int { grouping.count }

    /// One list of `words` (two per code) in stored order: every search compares every code.
    init(linear words: [UInt64]) {
        self.init(centroids: [0, 0], starts: [0, Int32(words.count / 2)], members: words,
                  positions: Array(0 ..< Int32(words.count / 2)), grouping: Grouping())
    }

    private init(centroids: [UInt64], starts: [Int32], members: [UInt64], positions: [Int32], grouping: Grouping) {
        self.centroids = centroids
        self.starts = starts
        self.members = members
        self.positions = positions
        self.grouping = grouping
    }

    /// The codes of `words` (two per code) grouped in `listCount` lists (one per code at most):
    /// a linear scan's one list when that is one or none. With `groups` above 1 the lists are
    /// filed under that many group centroids, and each code is filed in the nearest list of its
    /// `assignmentProbes` nearest groups.
    init(words: [UInt64], listCount: Int, groups: Int = 0, assignmentProbes: Int = 2) {
        let count = words.count / 2, lists = min(listCount, count)
        guard lists > 1 else {
            self.init(linear: words)
            return
        }
        var centroids = [UInt64](repeating: 0, count: 2 * lists)
        for c in 0 ..< lists {
            let sampled = c * count / lists
            (centroids[2 * c], centroids[2 * c + 1]) = (words[2 * sampled], words[2 * sampled + 1])
        }
        var grouping = Grouping()
        if groups > 1, groups < lists {
            (centroids, grouping) = Self.grouped(centroids, into: groups)
            grouping.probes = max(1, assignmentProbes)
            // The round of k-means over a sample of about 32 codes per list, evenly spaced: what
            // moves a centroid is the majority of its codes, which a sample shows as well.
            let step = max(1, count / (32 * lists))
            var sample = [UInt64]()
            sample.reserveCapacity(2 * (count / step + 1))
            for i in stride(from: 0, to: count, by: step) { sample += [words[2 * i], words[2 * i + 1]] }
            centroids = Self.majorities(of: sample, assignment: Self.assign(sample, toLists: centroids, grouping: grouping),
                                        previous: centroids)
        } else {
            centroids = Self.majorities(of: words, assignment: Self.assign(words, to: centroids), previous: centroids)
        }
        let assignment = grouping.count > 0 ? Self.assign(words, toLists: centroids, grouping: grouping) : Self.assign(words, to: centroids)
        var starts = [Int32](repeating: 0, count: lists + 1)
        for c in assignment { starts[Int(c) + 1] += 1 }
        for c in 0 ..< lists { starts[c + 1] += starts[c] }
        var next = starts, members = [UInt64](repeating: 0, count: words.count), positions = [Int32](repeating: 0, count: count)
        for (i, c) in assignment.enumerated() {
            let m = Int(next[Int(c)])
            next[Int(c)] += 1
            (members[2 * m], members[2 * m + 1]) = (words[2 * i], words[2 * i + 1])
            positions[m] = Int32(i)
        }
        self.init(centroids: centroids, starts: starts, members: members, positions: positions, grouping: grouping)
    }

    /// `centroids` (two words each) reordered group by group, each filed under the nearest of
    /// `groups` group centroids sampled evenly from them, and the grouping.
    private static func grouped(_ centroids: [UInt64], into groups: Int) -> ([UInt64], Grouping) {
        let lists = centroids.count / 2
        var groupCentroids = [UInt64](repeating: 0, count: 2 * groups)
        for g in 0 ..< groups {
            let sampled = g * lists / groups
            (groupCentroids[2 * g], groupCentroids[2 * g + 1]) = (centroids[2 * sampled], centroids[2 * sampled + 1])
        }
        let group = assign(centroids, to: groupCentroids)
        var starts = [Int32](repeating: 0, count: groups + 1)
        for g in group { starts[Int(g) + 1] += 1 }
        for g in 0 ..< groups { starts[g + 1] += starts[g] }
        var next = starts, reordered = [UInt64](repeating: 0, count: centroids.count)
        for (c, g) in group.enumerated() {
            let at = Int(next[Int(g)])
            next[Int(g)] += 1
            (reordered[2 * at], reordered[2 * at + 1]) = (centroids[2 * c], centroids[2 * c + 1])
        }
        return (reordered, Grouping(centroids: groupCentroids, starts: starts))
    }

    /// The nearest list of each code among the lists of its `grouping.probes` nearest groups,
    /// the codes split among the cores.
    private static func assign(_ words: [UInt64], toLists centroids: [UInt64], grouping: Grouping) -> [Int32] {
        let count = words.count / 2
        var assignment = [Int32](repeating: 0, count: count)
        let chunk = 4_096, chunks = (count + chunk - 1) / chunk
        var done = [Int32](repeating: 0, count: chunks)
        words.withUnsafeBufferPointer { words in
            centroids.withUnsafeBufferPointer { centroids in
                grouping.centroids.withUnsafeBufferPointer { groupCentroids in
                    grouping.starts.withUnsafeBufferPointer { groupStarts in
                        nonisolated(unsafe) let lists = pal_code_lists(
                            centroids: centroids.baseAddress, list_count: Int32(centroids.count / 2), list_starts: nil, members: nil,
                            positions: nil, group_centroids: groupCentroids.baseAddress, group_count: Int32(grouping.count),
                            group_starts: groupStarts.baseAddress, group_probes: Int32(grouping.probes))
                        assignment.withUnsafeMutableBufferPointer { assignment in
                            done.withUnsafeMutableBufferPointer { done in
                                // Each chunk writes its own part of `assignment` and its own entry of `done`.
                                nonisolated(unsafe) let (codes, out, finished) = (words.baseAddress!, assignment.baseAddress!,
                                                                                  done.baseAddress!)
                                DispatchQueue.concurrentPerform(iterations: chunks) { part in
                                    let first = part * chunk
                                    var some = pal_codes(words: codes + 2 * first, count: Int32(min(chunk, count - first)))
                                    var lists = lists
                                    finished[part] = pal_nearest_lists(&lists, &some, out + first)
                                }
                            }
                        }
                    }
                }
            }
        }
        precondition(done.allSatisfy { $0 == 1 }, "out of memory grouping local features")
        return assignment
    }

    /// The nearest centroid of each code, the codes split among the cores.
    private static func assign(_ words: [UInt64], to centroids: [UInt64]) -> [Int32] {
        let count = words.count / 2
        var assignment = [Int32](repeating: 0, count: count)
        let chunk = 4_096, chunks = (count + chunk - 1) / chunk, centroidCount = Int32(centroids.count / 2)
        words.withUnsafeBufferPointer { words in
            centroids.withUnsafeBufferPointer { centroids in
                assignment.withUnsafeMutableBufferPointer { assignment in
                    // Each chunk writes its own part of `assignment`.
                    nonisolated(unsafe) let (codes, centres, out) = (words.baseAddress!, centroids.baseAddress!, assignment.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { part in
                        let first = part * chunk
                        var some = pal_codes(words: codes + 2 * first, count: Int32(min(chunk, count - first)))
                        var all = pal_codes(words: centres, count: centroidCount)
                        pal_nearest_centroids(&some, &all, out + first)
                    }
                }
            }
        }
        return assignment
    }

    /// Each centroid moved to the bitwise majority of the codes assigned to it (kept where
    /// none are).
    private static func majorities(of words: [UInt64], assignment: [Int32], previous: [UInt64]) -> [UInt64] {
        let lists = previous.count / 2
        var ones = [Int32](repeating: 0, count: lists * 128), sizes = [Int32](repeating: 0, count: lists)
        for (i, c) in assignment.enumerated() {
            let c = Int(c)
            sizes[c] += 1
            for w in 0 ..< 2 {
                var bits = words[2 * i + w]
                while bits != 0 {
                    ones[c * 128 + w * 64 + bits.trailingZeroBitCount] += 1
                    bits &= bits - 1
                }
            }
        }
        var centroids = previous
        for c in 0 ..< lists where sizes[c] > 0 {
            var words: (UInt64, UInt64) = (0, 0)
            for b in 0 ..< 128 where 2 * ones[c * 128 + b] > sizes[c] {
                if b < 64 { words.0 |= 1 << UInt64(b) } else { words.1 |= 1 << UInt64(b - 64) }
            }
            (centroids[2 * c], centroids[2 * c + 1]) = words
        }
        return centroids
    }

    /// Updates `state`, one entry per query code of `queries` (two words each), with the
    /// stored codes closer than `cutoff` in the `probes` lists nearest each, chosen among the
    /// lists of its `groupProbes` nearest groups when the lists are grouped (see
    /// `pal_lists_nearest`); `owners` holds each stored position's reference. `compare` says how
    /// codes are compared (the same codes are found either way).
    func nearest(_ queries: [UInt64], owners: [Int32], probes: Int, groupProbes: Int = 8, cutoff: Int, state: inout [pal_nearest],
                 compare: pal_compare = PAL_COMPARE_FASTEST) {
        let done = withLists(groupProbes: groupProbes) { lists in
            owners.withUnsafeBufferPointer { owners in
                queries.withUnsafeBufferPointer { queries in
                    var codes = pal_codes(words: queries.baseAddress, count: Int32(queries.count / 2))
                    return pal_lists_nearest(&lists, owners.baseAddress, &codes, Int32(probes), Int32(cutoff), &state, compare)
                }
            }
        }
        precondition(done == 1, "out of memory searching local features")
    }

    /// Every stored code within `radii[k]` bits of query code `k` (none when it is negative)
    /// among the lists it probes (chosen as ``nearest(_:owners:probes:groupProbes:cutoff:state:compare:)``
    /// chooses them), in no particular order.
    func within(_ queries: [UInt64], radii: [Int32], probes: Int, groupProbes: Int = 8) -> [pal_hit] {
        precondition(radii.count == queries.count / 2, "one radius per query code")
        var found: UnsafeMutablePointer<pal_hit>?
        var count = 0
        let done = withLists(groupProbes: groupProbes) { lists in
            queries.withUnsafeBufferPointer { queries in
                radii.withUnsafeBufferPointer { radii in
                    var codes = pal_codes(words: queries.baseAddress, count: Int32(queries.count / 2))
                    return pal_lists_within(&lists, &codes, Int32(probes), radii.baseAddress, &found, &count)
                }
            }
        }
        precondition(done == 1, "out of memory searching local features")
        defer { free(found) }
        return found.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    }

    /// Calls `body` with the lists as the C kernels take them.
    private func withLists<R>(groupProbes: Int, _ body: (inout pal_code_lists) -> R) -> R {
        centroids.withUnsafeBufferPointer { centroids in
            starts.withUnsafeBufferPointer { starts in
                members.withUnsafeBufferPointer { members in
                    positions.withUnsafeBufferPointer { positions in
                        grouping.centroids.withUnsafeBufferPointer { groupCentroids in
                            grouping.starts.withUnsafeBufferPointer { groupStarts in
                                var lists = pal_code_lists(
                                    centroids: centroids.baseAddress, list_count: Int32(listCount),
                                    list_starts: starts.baseAddress, members: members.baseAddress,
                                    positions: positions.baseAddress, group_centroids: groupCentroids.baseAddress,
                                    group_count: Int32(grouping.count), group_starts: groupStarts.baseAddress,
                                    group_probes: Int32(max(1, groupProbes)))
                                return body(&lists)
                            }
                        }
                    }
                }
            }
        }
    }
}

// MARK: - Codes in stored order

extension CodeLists {
    /// The codes in stored order (two words each), for lists of codes whose positions begin at
    /// `base`: the lists hold the only copy of an index's codes once it is prepared.
    func wordsInStoredOrder(base: Int) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: members.count)
        for (m, position) in positions.enumerated() {
            let at = Int(position) - base
            (words[2 * at], words[2 * at + 1]) = (members[2 * m], members[2 * m + 1])
        }
        return words
    }

    /// The code stored at `position`, looked for through the lists (for tools, not searches).
    func code(at position: Int) -> SIMD2<UInt64> {
        let m = positions.firstIndex(of: Int32(position))!
        return SIMD2(members[2 * m], members[2 * m + 1])
    }
}

// MARK: - Persistence

extension CodeLists {
    /// The same lists within an index whose codes begin at position `base`.
    func rebased(by base: Int) -> CodeLists {
        guard base != 0 else { return self }
        var copy = self
        let offset = Int32(base)
        for i in copy.positions.indices { copy.positions[i] += offset }
        return copy
    }

    /// Appends the lists to `writer`, as sections ``init(file:codeCount:)`` reads.
    func append(to writer: inout IndexFileWriter) {
        writer.append("lcentres", centroids)
        writer.append("lstarts", starts)
        writer.append("lmembers", members)
        writer.append("lpos", positions)
        writer.append("gcentres", grouping.centroids)
        writer.append("gstarts", grouping.starts)
        writer.append("gprobes", [Int32(grouping.probes)])
    }

    /// The lists of `codeCount` codes read from `file`, checked to be consistent (every range
    /// and position within bounds), since the search trusts them.
    init(file: IndexFile, codeCount: Int) throws(IndexFileError) {
        let centroids = try file.array("lcentres", of: UInt64.self), starts = try file.array("lstarts", of: Int32.self)
        let members = try file.array("lmembers", of: UInt64.self), positions = try file.array("lpos", of: Int32.self)
        var grouping = Grouping()
        grouping.centroids = try file.array("gcentres", of: UInt64.self)
        grouping.starts = try file.array("gstarts", of: Int32.self)
        grouping.probes = Int(try file.array("gprobes", of: Int32.self).first ?? 0)
        func ascending(_ starts: [Int32], from first: Int32, to last: Int) -> Bool {
            starts.first == first && starts.last.map(Int.init) == last && zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }
        }
        /// Whether every position below `codeCount` is listed exactly once (the lists are then the
        /// only copy of the codes an index needs).
        func eachOnce(_ positions: [Int32]) -> Bool {
            var seen = [Bool](repeating: false, count: codeCount)
            for p in positions {
                guard p >= 0, Int(p) < codeCount, !seen[Int(p)] else { return false }
                seen[Int(p)] = true
            }
            return true
        }
        let listCount = starts.count - 1
        guard listCount >= 1, centroids.count == 2 * listCount, ascending(starts, from: 0, to: positions.count),
              positions.count == codeCount, members.count == 2 * codeCount, eachOnce(positions),
              grouping.starts.count >= 1, grouping.centroids.count == 2 * grouping.count, grouping.probes >= 1,
              grouping.count == 0 || ascending(grouping.starts, from: 0, to: listCount)
        else { throw .malformed(path: file.path, reason: "inconsistent inverted lists") }
        self.init(centroids: centroids, starts: starts, members: members, positions: positions, grouping: grouping)
    }
}
