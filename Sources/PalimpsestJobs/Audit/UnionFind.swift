import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch

/// Disjoint sets over `0..<count`, for grouping near-identical outputs.
struct UnionFind {
    private var parent: [Int]

    init(count: Int) { parent = Array(0 ..< count) }

    mutating func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var node = x
        while parent[node] != root { (parent[node], node) = (root, parent[node]) }
        return root
    }

    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }

    /// The sets with at least `minimumSize` members, largest first, members in order.
    mutating func groups(minimumSize: Int) -> [[Int]] {
        var byRoot: [Int: [Int]] = [:]
        for i in parent.indices { byRoot[find(i), default: []].append(i) }
        return byRoot.values.filter { $0.count >= minimumSize }.sorted { ($0.count, -$0[0]) > ($1.count, -$1[0]) }
    }
}
