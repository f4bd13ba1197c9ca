import PalimpsestCore
import Foundation
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestMatch

/// Decodes reference images on demand for verification, from the paths they were added from,
/// keeping the most recently used ones up to a budget of decoded bytes.
///
/// The budget is in bytes, not images, because checks visit their candidates in cycles: with
/// room for fewer images than a cycle visits, every lookup missed and decoded the file again.
public final class ReferenceViews: @unchecked Sendable {
    /// Decoded pixels kept by default: 512 MB, some 800 references at the default decoding
    /// size (the 437 of the benchmark take 293 MB).
    public static let defaultBudget = 512 << 20

    /// Where the reference at a position is read from: its file and its local features; `nil`
    /// for one with no file (a hash-only reference).
    private let source: @Sendable (Int) -> (path: String, features: @Sendable () -> LocalFeatures?)?
    private let decoder: ImageDecoder
    private let budget: Int
    private let lock = NSLock()
    private var cache: [Int: VerificationView] = [:]
    /// Cached positions, least recently used first.
    private var order: [Int] = []
    private var bytes = 0

    /// Creates an empty cache over `references`, decoding them with `decode`.
    public convenience init(references: ReferenceSet, decode: DecodeOptions, budget: Int = ReferenceViews.defaultBudget) {
        self.init(decode: decode, budget: budget) { position in
            guard !references.isHashOnly(at: position) else { return nil }
            return (references.references[position].path, { references.features(at: position) })
        }
    }

    /// Creates an empty cache of references read as `source` says: a reference's file and
    /// local features by position, `nil` for one without a file.
    public init(decode: DecodeOptions, budget: Int = ReferenceViews.defaultBudget,
                source: @escaping @Sendable (Int) -> (path: String, features: @Sendable () -> LocalFeatures?)?) {
        self.source = source
        decoder = ImageDecoder(options: decode)
        self.budget = budget
    }

    /// The pixels and features of the reference at `position`, or `nil` when its file can no
    /// longer be read (verification then relies on the other signals) or it is known only by
    /// its PDQ hash (its label is not a file to read, even when it names one).
    public func view(at position: Int) -> VerificationView? {
        guard let (path, features) = source(position) else { return nil }
        if let hit = cached(position) { return hit }
        guard let decoded = try? decoder.decode(contentsOf: path) else { return nil }
        let view = VerificationView(raster: decoded.raster, features: features())
        lock.lock()
        defer { lock.unlock() }
        guard cache.updateValue(view, forKey: position) == nil else { return view }
        order.append(position)
        bytes += view.raster.bytes.count
        while bytes > budget, order.count > 1, let evicted = cache.removeValue(forKey: order.removeFirst()) {
            bytes -= evicted.raster.bytes.count
        }
        return view
    }

    /// The cached view at `position`, now the most recently used.
    private func cached(_ position: Int) -> VerificationView? {
        lock.lock()
        defer { lock.unlock() }
        guard let hit = cache[position] else { return nil }
        if let i = order.lastIndex(of: position), i != order.count - 1 {
            order.remove(at: i)
            order.append(position)
        }
        return hit
    }
}
