import Foundation
import PalimpsestCore

/// PDQ's partial 2-D DCT and its hash bits: the 16×16 lowest non-DC frequencies of a 64×64
/// block, and the derivation of all eight dihedral hashes from one DCT.
///
/// Sums run in single precision in the reference's order, so coefficients are bit-identical to
/// `dct64To16`.
enum PDQTransform {
    /// Rows of the DCT matrix (frequencies 1…16).
    static let rows = 16
    /// Columns of the DCT matrix (samples).
    static let columns = 64

    /// `D[i][j] = sqrt(2/64) · cos(π/128 · (i + 1) · (2j + 1))`, 16×64, row-major, rounded to
    /// single precision from double as the reference does.
    static let matrix: [Float] = {
        let scale = Float((2.0 / Double(columns)).squareRoot())
        var d = [Float](repeating: 0, count: rows * columns)
        for i in 0 ..< rows {
            for j in 0 ..< columns {
                let angle = (Double.pi / 2.0 / Double(columns)) * Double(i + 1) * Double(2 * j + 1)
                d[i * columns + j] = Float(Double(scale) * cos(angle))
            }
        }
        return d
    }()

    /// The transpose of ``matrix``, 64×16, for the second product.
    static let transposed: [Float] = {
        var t = [Float](repeating: 0, count: rows * columns)
        for i in 0 ..< rows {
            for j in 0 ..< columns { t[j * rows + i] = matrix[i * columns + j] }
        }
        return t
    }()

    /// Computes `B = D · A · Dᵀ` for a 64×64 row-major `a`, writing 16×16 row-major `b`.
    static func dct(_ a: UnsafePointer<Float>, into b: UnsafeMutablePointer<Float>) {
        let t = UnsafeMutablePointer<Float>.allocate(capacity: rows * columns)
        defer { t.deallocate() }
        matrix.withUnsafeBufferPointer { d in
            for i in 0 ..< rows {
                let out = t + i * columns
                out.initialize(repeating: 0, count: columns)
                for k in 0 ..< columns {
                    let coefficient = d[i * columns + k]
                    let source = a + k * columns
                    for j in 0 ..< columns { out[j] += coefficient * source[j] }
                }
            }
        }
        transposed.withUnsafeBufferPointer { dt in
            for i in 0 ..< rows {
                let out = b + i * rows
                out.initialize(repeating: 0, count: rows)
                for k in 0 ..< columns {
                    let value = t[i * columns + k]
                    let source = dt.baseAddress! + k * rows
                    for j in 0 ..< rows { out[j] += value * source[j] }
                }
            }
        }
    }

    /// The 16×16 coefficients of the image after `transform`, from the original's.
    ///
    /// Mirroring negates the odd-symmetric (even-index) frequencies of the mirrored axis;
    /// transforms that swap axes also transpose.
    static func coefficients(
        _ original: UnsafePointer<Float>, for transform: Dihedral, into result: UnsafeMutablePointer<Float>
    ) {
        for i in 0 ..< rows {
            for j in 0 ..< rows {
                let value = original[i * rows + j]
                let negate: Bool
                switch transform {
                case .original, .flipPlus1: negate = false
                case .rotate90, .flipY: negate = j & 1 == 0
                case .rotate180: negate = (i + j) & 1 == 1
                case .rotate270, .flipX: negate = i & 1 == 0
                case .flipMinus1: negate = (i + j) & 1 == 1
                }
                let target = transform.swapsAxes ? j * rows + i : i * rows + j
                result[target] = negate ? -value : value
            }
        }
    }

    /// The hash of 16×16 coefficients: bit `i·16 + j` is set when `B[i][j]` exceeds the median.
    static func bits(_ b: UnsafeMutablePointer<Float>) -> Bits256 {
        let median = Torben.median(UnsafeBufferPointer(start: b, count: rows * rows))
        var words = SIMD4<UInt64>.zero
        for k in 0 ..< rows * rows where b[k] > median {
            words[3 - k / 64] |= 1 << UInt64(k % 64)
        }
        return Bits256(words: words)
    }
}
