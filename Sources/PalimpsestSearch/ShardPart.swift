import PalimpsestCore
import PalimpsestLedger
import PalimpsestMatch

/// Which share of a set of references a shard holds: shard `index` of `count` holds about the
/// `index`-th `count`th of its image references in the set's order (by image id), whole
/// segments of persistent indexes and runs of the rest (``ShardPiece``), and the `index`-th run of
/// its hash-only references.
///
/// A shard keeps its references in the whole's order, which is what lets shards' proposals
/// merge into exactly what one matcher over the whole set gives (``Proposal``): a lower position
/// in a shard is a lower position of the whole.
///
/// ```swift
/// let part = try ShardPart(index: 1, count: 4)
/// part.range(of: 10)   // 2 ..< 5
/// ```
public struct ShardPart: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The shard, from 0.
    public let index: Int
    /// How many shards the references are split into.
    public let count: Int

    /// The whole set, as one shard.
    public static let whole = try! ShardPart(index: 0, count: 1)

    /// Shard `index` of `count`.
    ///
    /// - Throws: ``ShardingError/noSuchShard(index:count:)`` unless `0 ≤ index < count`.
    public init(index: Int, count: Int) throws(ShardingError) {
        guard count >= 1, (0 ..< count).contains(index) else { throw .noSuchShard(index: index, count: count) }
        self.index = index
        self.count = count
    }

    /// The positions of `n` items this shard holds: ⌊n·index/count⌋ ..< ⌊n·(index+1)/count⌋,
    /// so that the shards' runs follow one another and differ in size by at most one.
    public func range(of n: Int) -> Range<Int> {
        n * index / count ..< n * (index + 1) / count
    }

    /// "shard 2 of 4", counting from 1 as people do.
    public var description: String { "shard \(index + 1) of \(count)" }
}

/// A piece of a set of references that goes to one shard whole or is split between shards: a
/// segment of a corpus's persistent index goes whole, so that a shard searches the very lists
/// the whole set searches (its local-feature votes are then those of the whole, at any size);
/// a corpus indexed from the ledger is split by id.
struct ShardPiece: Sendable {
    /// The corpus.
    var corpus: String
    /// Its references, ascending.
    var ids: [Int64]
    /// The segment file it is, or `nil` for (part of) a corpus indexed from the ledger.
    var segmentPath: String?
    /// Why a piece from the ledger is not from the persistent index.
    var state: IndexState

    /// The pieces of `corpora`, in the order the whole set indexes them: each corpus's segments
    /// when its persistent index covers it exactly, else the corpus (less the images indexed
    /// with a corpus before it).
    static func pieces(of corpora: [String], ledger: Ledger, indexes: CorpusIndexStore?) throws -> [ShardPiece] {
        var placed = Set<Int64>(), seen = Set<String>(), out: [ShardPiece] = []
        for corpus in corpora where seen.insert(corpus).inserted {
            let members = try ledger.imageIDs(inCorpus: corpus)
            let ids = members.filter { !placed.contains($0) }
            placed.formUnion(ids)
            guard ids.count == members.count else {
                out.append(ShardPiece(corpus: corpus, ids: ids, state: .overlapping(members.count - ids.count)))
                continue
            }
            switch indexes?.segmentKeys(ofCorpus: corpus, covering: ids) ?? .unusable(.missing) {
            case .usable(let segments):
                out += segments.map { ShardPiece(corpus: corpus, ids: $0.keys, segmentPath: $0.path, state: .missing) }
            case .unusable(let state):
                out.append(ShardPiece(corpus: corpus, ids: ids, state: state))
            }
        }
        return out
    }

    /// What shard `part` holds of `pieces`: of the references in piece order, its share
    /// (``ShardPart/range(of:)``), each segment going whole to the shard its middle reference
    /// falls in, a corpus from the ledger split where the shares end.
    static func held(by part: ShardPart, of pieces: [ShardPiece]) -> [ShardPiece] {
        let total = pieces.reduce(0) { $0 + $1.ids.count }
        let range = part.range(of: total)
        var start = 0, out: [ShardPiece] = []
        for piece in pieces {
            defer { start += piece.ids.count }
            if piece.segmentPath != nil {
                if !piece.ids.isEmpty, range.contains(start + piece.ids.count / 2) {
                    out.append(piece)
                }
                continue
            }
            let low = max(start, range.lowerBound), high = min(start + piece.ids.count, range.upperBound)
            guard low < high else { continue }
            var held = piece
            held.ids = Array(piece.ids[(low - start) ..< (high - start)])
            out.append(held)
        }
        return out
    }
}

/// Why references cannot be split into shards, or matched in shards.
public enum ShardingError: PalimpsestError, Equatable {
    /// A shard number outside `0 ..< count`, or fewer than one shard.
    case noSuchShard(index: Int, count: Int)
    /// The configuration measures a background from the corpus, which each shard would
    /// measure differently.
    case backgroundFromCorpus(String)
    /// Shards of different sets of references, or not in order.
    case shardsDoNotTile

    public var kind: String { "sharding" }

    public var message: String {
        switch self {
        case let .noSuchShard(index, count):
            count < 1 ? "A corpus is split into at least one shard, not \(count)."
                : "There is no shard \(index + 1) of \(count): shards are numbered 1 to \(count)."
        case let .backgroundFromCorpus(what):
            "This configuration weighs \(what) against the corpus, which each shard would measure differently, "
                + "so shards could not give the findings of one scan. Use the fixed panels of the current configuration "
                + "(`palimpsest config show`) or scan without shards."
        case .shardsDoNotTile:
            "The shards do not split one set of references: each must be shard k of the same count, in order, loaded from the same corpora."
        }
    }
}

extension MatchingConfiguration {
    /// Checks that references matched with this configuration can be split into `shards`:
    /// at least one, and above one only when no background is measured from the corpus.
    public func validate(shards: Int) throws(ShardingError) {
        _ = try ShardPart(index: 0, count: shards)
        guard shards > 1 else { return }
        if retrieval.embeddingBackground.source == .corpus { throw .backgroundFromCorpus("embedding similarities") }
        if retrieval.voteBackground.source == .corpus { throw .backgroundFromCorpus("local-feature votes") }
    }
}
