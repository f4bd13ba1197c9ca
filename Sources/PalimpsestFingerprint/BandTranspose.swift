import PalimpsestCore

/// Converts between eight separate rows of floats and a *band*: the same rows interleaved so
/// that element `x` of row `k` sits at `x * 8 + k`, ready for filters that run along the rows
/// with one row per SIMD lane.
///
/// Both directions are the same 8×8 block transpose, done with three rounds of even/odd lane
/// splits.
enum BandTranspose {
    /// Eight floats: one per row, or eight consecutive elements of one row.
    typealias Lanes = SIMD8<Float>
    /// Rows per band.
    static let height = 8

    /// Interleaves `rows[0..<8]`, each `width` floats, into `band` (`width * 8` floats).
    static func interleave(
        _ rows: UnsafePointer<UnsafeMutablePointer<Float>>, width: Int, into band: UnsafeMutablePointer<Float>
    ) {
        let blocks = width / height
        let raw = UnsafeMutableRawPointer(band)
        for block in 0 ..< blocks {
            let x = block * height
            var v = (
                load(rows[0] + x), load(rows[1] + x), load(rows[2] + x), load(rows[3] + x),
                load(rows[4] + x), load(rows[5] + x), load(rows[6] + x), load(rows[7] + x)
            )
            transpose(&v)
            let target = raw + x * height * MemoryLayout<Float>.stride
            store(v, to: target)
        }
        for x in blocks * height ..< width {
            for k in 0 ..< height { band[x * height + k] = rows[k][x] }
        }
    }

    /// Splits `band` (`width * 8` floats) back into `rows[0..<8]`, each `width` floats.
    static func deinterleave(
        _ band: UnsafePointer<Float>, width: Int, into rows: UnsafePointer<UnsafeMutablePointer<Float>>
    ) {
        let blocks = width / height
        for block in 0 ..< blocks {
            let x = block * height
            let source = band + x * height
            var v = (
                load(source), load(source + 8), load(source + 16), load(source + 24),
                load(source + 32), load(source + 40), load(source + 48), load(source + 56)
            )
            transpose(&v)
            UnsafeMutableRawPointer(rows[0] + x).storeBytes(of: v.0, as: Lanes.self)
            UnsafeMutableRawPointer(rows[1] + x).storeBytes(of: v.1, as: Lanes.self)
            UnsafeMutableRawPointer(rows[2] + x).storeBytes(of: v.2, as: Lanes.self)
            UnsafeMutableRawPointer(rows[3] + x).storeBytes(of: v.3, as: Lanes.self)
            UnsafeMutableRawPointer(rows[4] + x).storeBytes(of: v.4, as: Lanes.self)
            UnsafeMutableRawPointer(rows[5] + x).storeBytes(of: v.5, as: Lanes.self)
            UnsafeMutableRawPointer(rows[6] + x).storeBytes(of: v.6, as: Lanes.self)
            UnsafeMutableRawPointer(rows[7] + x).storeBytes(of: v.7, as: Lanes.self)
        }
        for x in blocks * height ..< width {
            for k in 0 ..< height { rows[k][x] = band[x * height + k] }
        }
    }

    typealias Block = Block8<Float>
    /// Eight vectors of eight lanes: an 8×8 block, vector = row, lane = column.
    typealias Block8<Scalar: SIMDScalar> = (
        SIMD8<Scalar>, SIMD8<Scalar>, SIMD8<Scalar>, SIMD8<Scalar>,
        SIMD8<Scalar>, SIMD8<Scalar>, SIMD8<Scalar>, SIMD8<Scalar>
    )

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    private static func store(_ v: Block, to target: UnsafeMutableRawPointer) {
        let stride = MemoryLayout<Lanes>.stride
        target.storeBytes(of: v.0, toByteOffset: 0 * stride, as: Lanes.self)
        target.storeBytes(of: v.1, toByteOffset: 1 * stride, as: Lanes.self)
        target.storeBytes(of: v.2, toByteOffset: 2 * stride, as: Lanes.self)
        target.storeBytes(of: v.3, toByteOffset: 3 * stride, as: Lanes.self)
        target.storeBytes(of: v.4, toByteOffset: 4 * stride, as: Lanes.self)
        target.storeBytes(of: v.5, toByteOffset: 5 * stride, as: Lanes.self)
        target.storeBytes(of: v.6, toByteOffset: 6 * stride, as: Lanes.self)
        target.storeBytes(of: v.7, toByteOffset: 7 * stride, as: Lanes.self)
    }

    /// Transposes an 8×8 block held as eight vectors (vector = row, lane = column).
    ///
    /// Each round sends element (row r, lane c) to vector `(c₀ r₂ r₁)`, lane `(r₀ c₂ c₁)`: a
    /// one-bit rotation of the six index bits; three rounds swap row and column.
    @inline(__always)
    static func transpose<Scalar: SIMDScalar>(_ v: inout Block8<Scalar>) {
        for _ in 0 ..< 3 {
            let a = SIMD16(lowHalf: v.0, highHalf: v.1)
            let b = SIMD16(lowHalf: v.2, highHalf: v.3)
            let c = SIMD16(lowHalf: v.4, highHalf: v.5)
            let d = SIMD16(lowHalf: v.6, highHalf: v.7)
            v = (a.evenHalf, b.evenHalf, c.evenHalf, d.evenHalf, a.oddHalf, b.oddHalf, c.oddHalf, d.oddHalf)
        }
    }
}
