import PalimpsestCore

/// Keeps the `k` best-scoring items seen so far ("best" = lowest `rank`), in order.
///
/// Insertion is O(k), which beats a heap for the small `k` Palimpsest uses (tens). Inlinable,
/// so that a caller in another module offers every reference of a corpus to a specialised
/// copy rather than one that looks up its element type at each call.
public struct TopK<Item> {
    /// How many items are kept.
    public let k: Int
    @usableFromInline var kept: [(rank: Float, item: Item)] = []

    /// The kept items, best (lowest rank) first.
    public var items: [(rank: Float, item: Item)] { kept }

    /// Keeps the best `k`.
    @inlinable public init(_ k: Int) {
        self.k = k
        kept.reserveCapacity(k + 1)
    }

    /// The rank an item must beat to enter, or +infinity while not full.
    @inlinable public var threshold: Float { kept.count < k ? .infinity : kept[kept.count - 1].rank }

    /// Keeps `item` if its rank is among the best `k` so far.
    @inlinable public mutating func offer(rank: Float, _ item: Item) {
        guard k > 0, rank < threshold else { return }
        var i = kept.count
        while i > 0 && kept[i - 1].rank > rank { i -= 1 }
        kept.insert((rank, item), at: i)
        if kept.count > k { kept.removeLast() }
    }
}
