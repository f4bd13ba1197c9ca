import PalimpsestCore

extension SIMD8 where Scalar == Float {
    /// The first `count` (at most 8) values at `p`, the rest zero; never reads beyond them.
    @inline(__always)
    init(loadingFirst count: Int, from p: UnsafePointer<Float>) {
        if count == 8 {
            self = UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
            return
        }
        var values = SIMD8<Float>()
        withUnsafeMutableBytes(of: &values) { $0.baseAddress!.copyMemory(from: p, byteCount: count * MemoryLayout<Float>.size) }
        self = values
    }
}
