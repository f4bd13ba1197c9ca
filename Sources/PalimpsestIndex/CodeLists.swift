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
struct CodeLists: Sendable {
    /// The centroids, two words each.
    private var centroids: [UInt64]
    /// Where each list begins in ``members``, and where the last ends.
    private var starts: [Int32]
    /// The codes, two words each, list by list, in stored order within a list.
    private var members: [UInt64]
    /// Each member's stored position.
    private var positions: [Int32]

    /// Number of lists.
    var listCount: Int { starts.count - 1 }

    /// One list of `words` (two per code) in stored order: every search compares every code.
    init(linear words: [UInt64]) {
        self.init(centroids: [0, 0], starts: [0, Int32(words.count / 2)], members: words,
                  positions: Array(0 ..< Int32(words.count / 2)))
    }

    private init(centroids: [UInt64], starts: [Int32], members: [UInt64], positions: [Int32]) {
        self.centroids = centroids
        self.starts = starts
        self.members = members
        self.positions = positions
    }

    /// The codes of `words` (two per code) grouped in `listCount` lists (one per code at most):
    /// a linear scan's one list when that is one or none.
    init(words: [UInt64], listCount: Int) {
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
        centroids = Self.majorities(of: words, assignment: Self.assign(words, to: centroids), previous: centroids)
        let assignment = Self.assign(words, to: centroids)
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
        self.init(centroids: centroids, starts: starts, members: members, positions: positions)
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
    /// stored codes closer than `cutoff` in the `probes` lists nearest each (see
    /// `pal_lists_nearest`); `owners` holds each stored position's reference. `compare` says
    /// how codes are compared (the same codes are found either way).
    func nearest(_ queries: [UInt64], owners: [Int32], probes: Int, cutoff: Int, state: inout [pal_nearest],
                 compare: pal_compare = PAL_COMPARE_FASTEST) {
        let done = centroids.withUnsafeBufferPointer { centroids in
            starts.withUnsafeBufferPointer { starts in
                members.withUnsafeBufferPointer { members in
                    positions.withUnsafeBufferPointer { positions in
                        owners.withUnsafeBufferPointer { owners in
                            queries.withUnsafeBufferPointer { queries in
                                var lists = pal_code_lists(centroids: centroids.baseAddress, list_count: Int32(listCount),
                                                           list_starts: starts.baseAddress, members: members.baseAddress,
                                                           positions: positions.baseAddress)
                                var codes = pal_codes(words: queries.baseAddress, count: Int32(queries.count / 2))
                                return pal_lists_nearest(&lists, owners.baseAddress, &codes, Int32(probes), Int32(cutoff), &state, compare)
                            }
                        }
                    }
                }
            }
        }
        precondition(done == 1, "out of memory searching local features")
    }
}
