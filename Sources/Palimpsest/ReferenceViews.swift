import Foundation
import PalimpsestDecode
import PalimpsestMatch

/// Decodes reference images on demand for verification, from the paths they were added from,
/// keeping the most recently used ones.
final class ReferenceViews: @unchecked Sendable {
    private let references: ReferenceSet
    private let decoder: ImageDecoder
    private let lock = NSLock()
    private var cache: [Int: VerificationView] = [:]
    private var order: [Int] = []
    private let capacity = 64

    init(references: ReferenceSet, decode: DecodeOptions) {
        self.references = references
        decoder = ImageDecoder(options: decode)
    }

    /// The pixels and features of the reference at `position`, or `nil` when its file can no
    /// longer be read (verification then relies on the other signals) or it is known only by
    /// its PDQ hash (its label is not a file to read, even when it names one).
    func view(at position: Int) -> VerificationView? {
        guard !references.isHashOnly(at: position) else { return nil }
        lock.lock()
        if let hit = cache[position] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        guard let decoded = try? decoder.decode(contentsOf: references.references[position].path) else { return nil }
        let view = VerificationView(raster: decoded.raster, features: references.features[position])
        lock.lock()
        defer { lock.unlock() }
        if cache.updateValue(view, forKey: position) == nil { order.append(position) }
        if order.count > capacity { cache.removeValue(forKey: order.removeFirst()) }
        return view
    }
}
