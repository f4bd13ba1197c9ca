import Foundation
import PalimpsestCore

/// How embeddings are filed in cells for search (an inverted-file index): below `minimumCount`
/// references every embedding is compared with the query; from there on about
/// `cellScale × √n` cells, each the embeddings nearest one centroid, and a query compares only
/// the embeddings of its `probes` nearest cells. The cells are grouped under about the square
/// root of their number of group centroids, so that a query ranks only the cells of its
/// `groupProbes` nearest groups, and an embedding is filed in the nearest cell of its
/// `assignmentGroupProbes` nearest groups: building and probing then cost about the square root
/// of the number of cells per embedding. Part of the matching configuration, since a near
/// embedding filed in a cell not probed is not proposed.
public struct EmbeddingListing: Codable, Sendable, Equatable, Hashable {
    public var minimumCount = 50_000
    public var cellScale = 4.0
    public var probes = 32
    public var groupProbes = 16
    public var assignmentGroupProbes = 2

    /// The defaults.
    public init() {}

    /// A listing that never files embeddings in cells: every search compares every embedding.
    public static var exhaustive: EmbeddingListing {
        var listing = EmbeddingListing()
        listing.minimumCount = .max
        return listing
    }

    /// How many cells `count` embeddings are filed in (0: none, every one is compared).
    func cells(for count: Int) -> Int {
        guard count >= minimumCount else { return 0 }
        return max(1, min(count, Int((cellScale * Double(count).squareRoot()).rounded())))
    }

    /// What shapes the cells (the rest is decided at each search).
    var buildKey: [Double] { [Double(minimumCount), cellScale, Double(assignmentGroupProbes)] }
}

/// Embeddings filed in cells as an ``EmbeddingListing`` says: the cells' centroids, grouped, and
/// each cell's members (positions in the index, ascending).
struct EmbeddingCells: Sendable {
    let dimension: Int
    /// Cell centroids, `dimension` floats each, group by group.
    private var centroids: [Float]
    /// Group centroids, and where each group's cells begin in `centroids` (and where the last ends).
    private var groupCentroids: [Float]
    private var groupStarts: [Int32]
    /// Where each cell begins in `members`, and where the last ends.
    private var starts: [Int32]
    private var members: [Int32]

    var cellCount: Int { starts.count - 1 }

    /// Files the embeddings at `positions` of `matrix` (`dimension` floats per position) in
    /// `cells` cells, filed as `assignmentGroupProbes` says.
    init(matrix: UnsafeBufferPointer<Float>, dimension: Int, positions: [Int32], cells: Int, assignmentGroupProbes: Int) {
        self.dimension = dimension
        let n = positions.count, cells = max(1, min(cells, n))
        // Centroids: embeddings sampled evenly, grouped under group centroids sampled evenly from
        // them, then moved once to the mean of a sample of about 32 embeddings per cell.
        var centroids = [Float](), groups = max(1, Int(Double(cells).squareRoot().rounded()))
        for c in 0 ..< cells {
            let p = Int(positions[c * n / cells])
            centroids += matrix[p * dimension ..< (p + 1) * dimension]
        }
        (centroids, groupCentroids, groupStarts) = Self.grouped(centroids, dimension: dimension, groups: &groups)
        self.centroids = centroids
        starts = []
        members = []
        let step = max(1, n / (32 * cells))
        let sample = stride(from: 0, to: n, by: step).map { positions[$0] }
        let sampled = assign(sample, of: matrix, groupProbes: assignmentGroupProbes)
        self.centroids = Self.means(of: sample, matrix: matrix, dimension: dimension, assignment: sampled, previous: centroids)
        // File every embedding.
        let assignment = assign(positions, of: matrix, groupProbes: assignmentGroupProbes)
        var starts = [Int32](repeating: 0, count: cells + 1)
        for c in assignment { starts[Int(c) + 1] += 1 }
        for c in 0 ..< cells { starts[c + 1] += starts[c] }
        var next = starts, members = [Int32](repeating: 0, count: n)
        for (i, c) in assignment.enumerated() {
            members[Int(next[Int(c)])] = positions[i]
            next[Int(c)] += 1
        }
        self.starts = starts
        self.members = members
    }

    /// Bytes held.
    var memoryFootprint: Int { 4 * (centroids.count + groupCentroids.count + groupStarts.count + starts.count + members.count) }

    /// The positions filed in the `probes` cells nearest `query`, chosen among the cells of its
    /// `groupProbes` nearest groups, ascending.
    func candidates(of query: UnsafePointer<Float>, probes: Int, groupProbes: Int) -> [Int32] {
        let cells = nearestCells(of: query, count: probes, groupProbes: groupProbes)
        var out: [Int32] = []
        out.reserveCapacity(cells.reduce(0) { $0 + Int(starts[$1 + 1] - starts[$1]) })
        for c in cells { out += members[Int(starts[c]) ..< Int(starts[c + 1])] }
        out.sort()
        return out
    }

    // MARK: - Building and probing

    /// The `count` cells nearest `vector` among those of its `groupProbes` nearest groups,
    /// nearest first (ties to the lower cell).
    private func nearestCells(of vector: UnsafePointer<Float>, count: Int, groupProbes: Int) -> [Int] {
        var nearGroups = TopK<Int>(max(1, groupProbes))
        groupCentroids.withUnsafeBufferPointer { g in
            for group in 0 ..< groupStarts.count - 1 {
                nearGroups.offer(rank: -Self.dot(g.baseAddress! + group * dimension, vector, dimension), group)
            }
        }
        var near = TopK<Int>(max(1, count))
        centroids.withUnsafeBufferPointer { c in
            for group in nearGroups.items.map(\.item).sorted() {
                for cell in Int(groupStarts[group]) ..< Int(groupStarts[group + 1]) {
                    near.offer(rank: -Self.dot(c.baseAddress! + cell * dimension, vector, dimension), cell)
                }
            }
        }
        return near.items.map(\.item)
    }

    /// The nearest cell of each embedding at `positions`, the embeddings split among the cores.
    private func assign(_ positions: [Int32], of matrix: UnsafeBufferPointer<Float>, groupProbes: Int) -> [Int32] {
        var assignment = [Int32](repeating: 0, count: positions.count)
        let chunk = 1_024, chunks = (positions.count + chunk - 1) / chunk
        assignment.withUnsafeMutableBufferPointer { out in
            // Each chunk writes its own part of `assignment`.
            nonisolated(unsafe) let out = out, base = matrix.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { part in
                for i in part * chunk ..< min(positions.count, (part + 1) * chunk) {
                    out[i] = Int32(nearestCells(of: base + Int(positions[i]) * dimension, count: 1, groupProbes: groupProbes)[0])
                }
            }
        }
        return assignment
    }

    /// `centroids` reordered group by group under `groups` group centroids sampled evenly
    /// from them (each cell filed under its nearest), with where each group begins.
    private static func grouped(_ centroids: [Float], dimension: Int, groups: inout Int) -> ([Float], [Float], [Int32]) {
        let cells = centroids.count / dimension
        groups = min(groups, cells)
        var groupCentroids = [Float]()
        for g in 0 ..< groups {
            let c = g * cells / groups
            groupCentroids += centroids[c * dimension ..< (c + 1) * dimension]
        }
        var group = [Int](repeating: 0, count: cells)
        centroids.withUnsafeBufferPointer { c in
            groupCentroids.withUnsafeBufferPointer { g in
                for cell in 0 ..< cells {
                    var best = (similarity: -Float.infinity, group: 0)
                    for candidate in 0 ..< groups {
                        let s = dot(g.baseAddress! + candidate * dimension, c.baseAddress! + cell * dimension, dimension)
                        if s > best.similarity { best = (s, candidate) }
                    }
                    group[cell] = best.group
                }
            }
        }
        var starts = [Int32](repeating: 0, count: groups + 1)
        for g in group { starts[g + 1] += 1 }
        for g in 0 ..< groups { starts[g + 1] += starts[g] }
        var next = starts, reordered = [Float](repeating: 0, count: centroids.count)
        for (cell, g) in group.enumerated() {
            let at = Int(next[g])
            next[g] += 1
            reordered.replaceSubrange(at * dimension ..< (at + 1) * dimension, with: centroids[cell * dimension ..< (cell + 1) * dimension])
        }
        return (reordered, groupCentroids, starts)
    }

    /// Each centroid moved to the normalised mean of the sampled embeddings filed in it (kept
    /// where none are).
    private static func means(of sample: [Int32], matrix: UnsafeBufferPointer<Float>, dimension: Int, assignment: [Int32],
                              previous: [Float]) -> [Float] {
        var sums = [Double](repeating: 0, count: previous.count), counts = [Int](repeating: 0, count: previous.count / dimension)
        for (i, c) in assignment.enumerated() {
            let p = Int(sample[i]) * dimension, c = Int(c)
            counts[c] += 1
            for j in 0 ..< dimension { sums[c * dimension + j] += Double(matrix[p + j]) }
        }
        var centroids = previous
        for c in counts.indices where counts[c] > 0 {
            let row = sums[c * dimension ..< (c + 1) * dimension]
            let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { continue }
            for j in 0 ..< dimension { centroids[c * dimension + j] = Float(sums[c * dimension + j] / norm) }
        }
        return centroids
    }

    @inline(__always)
    private static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ dimension: Int) -> Float {
        FingerprintIndex.dot(a, b, dimension)
    }
}
