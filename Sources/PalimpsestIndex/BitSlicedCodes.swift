import CPalimpsestKernels

/// 128-bit codes stored bit-sliced, 256 to a group, so that the Hamming distances from a
/// query code to a whole group are counted with bitwise adders rather than a `popcnt` per pair.
///
/// A group holds 256 planes of 256 bits: plane `2b` has lane `l` set when bit `b` of code `l`
/// is set, plane `2b + 1` when it is clear. A query code selects, for each bit, the plane
/// whose lanes are set where the stored bit differs from its own, and a carry-save adder tree
/// counts the selected planes of the 64 screening bits lane by lane (`pal_sliced_nearest`, in
/// C: Swift's `SIMD4<UInt64>` did not lower to AVX2 here). The count is compared with a bound,
/// so only the lanes below it (about one in 200) need their full distance. The planes take
/// 32 bytes per code.
struct BitSlicedCodes: Sendable {
    /// Codes per group.
    static let groupSize = Int(PAL_SLICED_GROUP)
    private static let wordsPerGroup = Int(PAL_SLICED_PLANES * PAL_SLICED_WORDS)

    private var words: [UInt64] = []
    /// Number of codes stored.
    private(set) var count = 0

    /// Number of groups, the last possibly part filled.
    var groupCount: Int { words.count / Self.wordsPerGroup }

    /// Appends a code, bits 0–63 in `low` and 64–127 in `high`.
    mutating func append(low: UInt64, high: UInt64) {
        let lane = count % Self.groupSize
        if lane == 0 { words.append(contentsOf: repeatElement(0, count: Self.wordsPerGroup)) }
        let base = words.count - Self.wordsPerGroup + lane / 64
        let bit = UInt64(1) << UInt64(lane % 64)
        for b in 0 ..< 128 {
            let set = ((b < 64 ? low >> UInt64(b) : high >> UInt64(b - 64)) & 1) == 1
            words[base + (2 * b + (set ? 0 : 1)) * Int(PAL_SLICED_WORDS)] |= bit
        }
        count += 1
    }

    /// Calls `body` with the planes, group after group, for `pal_sliced_nearest`.
    func withPlanes<R>(_ body: (UnsafePointer<UInt64>) -> R) -> R {
        words.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
