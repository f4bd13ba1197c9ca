import PalimpsestCore

/// Small masked statistics over float arrays.
enum Statistics {
    /// Pearson correlation of `a` and `b` where `mask` is true; 0 when either is constant.
    static func correlation(_ a: [Float], _ b: [Float], _ mask: [Bool]) -> Float {
        var n: Float = 0, sa: Float = 0, sb: Float = 0
        for i in a.indices where mask[i] {
            n += 1
            sa += a[i]
            sb += b[i]
        }
        guard n > 1 else { return 0 }
        let ma = sa / n, mb = sb / n
        var cov: Float = 0, va: Float = 0, vb: Float = 0
        for i in a.indices where mask[i] {
            let da = a[i] - ma, db = b[i] - mb
            cov += da * db
            va += da * da
            vb += db * db
        }
        guard va > 1e-6, vb > 1e-6 else { return 0 }
        return cov / (va * vb).squareRoot()
    }

    /// Standard deviation of `a` where `mask` is true.
    static func spread(_ a: [Float], _ mask: [Bool]) -> Float {
        var n: Float = 0, s: Float = 0, s2: Float = 0
        for i in a.indices where mask[i] {
            n += 1
            s += a[i]
            s2 += a[i] * a[i]
        }
        guard n > 0 else { return 0 }
        let mean = s / n
        return max(0, s2 / n - mean * mean).squareRoot()
    }

    /// Mean of |a − b| where `mask` is true.
    static func meanAbsoluteDifference(_ a: [Float], _ b: [Float], _ mask: [Bool]) -> Float {
        var n: Float = 0, s: Float = 0
        for i in a.indices where mask[i] {
            n += 1
            s += abs(a[i] - b[i])
        }
        return n > 0 ? s / n : 255
    }

    /// Similarity of two tiles: their correlation when both have texture, otherwise how close
    /// their mean brightness is (flat sky against flat sky is a match, flat against busy is not).
    static func tileSimilarity(_ a: [Float], _ b: [Float]) -> Float {
        let all = [Bool](repeating: true, count: a.count)
        let sa = spread(a, all), sb = spread(b, all)
        if sa >= 6 && sb >= 6 { return correlation(a, b, all) }
        if sa < 6 && sb < 6 {
            let ma = a.reduce(0, +) / Float(a.count), mb = b.reduce(0, +) / Float(b.count)
            return max(-1, 1 - abs(ma - mb) / 32)
        }
        return 0
    }
}
