import PalimpsestCore

/// Keeps the `k` best-scoring items seen so far ("best" = lowest `rank`), in order.
///
/// Insertion is O(k), which beats a heap for the small `k` Palimpsest uses (tens).
public struct TopK<Item> {
    /// How many items are kept.
    public let k: Int
    /// The kept items, best (lowest rank) first.
    public private(set) var items: [(rank: Float, item: Item)] = []

    /// Keeps the best `k`.
    public init(_ k: Int) {
        self.k = k
        items.reserveCapacity(k + 1)
    }

    /// The rank an item must beat to enter, or +infinity while not full.
    public var threshold: Float { items.count < k ? .infinity : items[items.count - 1].rank }

    /// Keeps `item` if its rank is among the best `k` so far.
    public mutating func offer(rank: Float, _ item: Item) {
        guard k > 0, rank < threshold else { return }
        var i = items.count
        while i > 0 && items[i - 1].rank > rank { i -= 1 }
        items.insert((rank, item), at: i)
        if items.count > k { items.removeLast() }
    }
}
