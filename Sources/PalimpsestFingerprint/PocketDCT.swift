import PalimpsestCore
import Foundation

/// SciPy's unnormalised DCT-II of length 32 (`scipy.fftpack.dct(x)`), reproduced operation for
/// operation from the pocketfft C++ code SciPy runs: pre-processing, a real backward FFT of
/// length 32 in radix-2, -4, -4 passes, post-twiddling, with pocketfft's own twiddle tables.
///
/// The result is bit-identical to SciPy's, which matters for ImageHash's `phash` when DCT
/// coefficients tie in exact arithmetic (flat or symmetric thumbnails): which of them pass the
/// median is then decided by rounding.
enum PocketDCT {
    /// The transform length.
    static let length = 32

    /// Transforms `x` (32 values) in place: `y[k] = 2 Σ x[n] cos(π k (2n + 1) / 64)`.
    static func transform(_ x: UnsafeMutablePointer<Double>) {
        let n = length
        // Pre-processing (pocketfft's T_dcst23::exec, type 2, cosine).
        x[0] *= 2
        x[n - 1] *= 2
        for k in stride(from: 1, to: n - 1, by: 2) {
            let a = x[k + 1], b = x[k]
            x[k + 1] = a - b
            x[k] = a + b
        }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { scratch in
            let buffer = scratch.baseAddress!
            // Real backward FFT, factors 2, 4, 4 (rfftp::backward): x → buffer → x → buffer.
            radb2(ido: 16, l1: 1, x, buffer, twiddles.radix2)
            radb4(ido: 4, l1: 2, buffer, x, twiddles.radix4)
            radb4(ido: 1, l1: 8, x, buffer, [])
            x.update(from: buffer, count: n)
        }
        let w = twiddles.dct
        for k in 1 ..< n / 2 {
            let kc = n - k
            let t1 = w[k - 1] * x[kc] + w[kc - 1] * x[k]
            let t2 = w[k - 1] * x[k] - w[kc - 1] * x[kc]
            x[k] = 0.5 * (t1 + t2)
            x[kc] = 0.5 * (t1 - t2)
        }
        x[n / 2] *= w[n / 2 - 1]
    }

    /// Radix-2 backward pass (`radb2`).
    private static func radb2(
        ido: Int, l1: Int, _ cc: UnsafePointer<Double>, _ ch: UnsafeMutablePointer<Double>, _ wa: [Double]
    ) {
        let cdim = 2
        func input(_ a: Int, _ b: Int, _ c: Int) -> Double { cc[a + ido * (b + cdim * c)] }
        func output(_ a: Int, _ b: Int, _ c: Int) -> Int { a + ido * (b + l1 * c) }
        for k in 0 ..< l1 {
            let a = input(0, 0, k), b = input(ido - 1, 1, k)
            ch[output(0, k, 0)] = a + b
            ch[output(0, k, 1)] = a - b
        }
        if ido & 1 == 0 {
            for k in 0 ..< l1 {
                ch[output(ido - 1, k, 0)] = 2 * input(ido - 1, 0, k)
                ch[output(ido - 1, k, 1)] = -2 * input(0, 1, k)
            }
        }
        guard ido > 2 else { return }
        for k in 0 ..< l1 {
            for i in stride(from: 2, to: ido, by: 2) {
                let ic = ido - i
                let tr2 = input(i - 1, 0, k) - input(ic - 1, 1, k)
                ch[output(i - 1, k, 0)] = input(i - 1, 0, k) + input(ic - 1, 1, k)
                let ti2 = input(i, 0, k) + input(ic, 1, k)
                ch[output(i, k, 0)] = input(i, 0, k) - input(ic, 1, k)
                let wr = wa[i - 2], wi = wa[i - 1]
                ch[output(i, k, 1)] = wr * ti2 + wi * tr2
                ch[output(i - 1, k, 1)] = wr * tr2 - wi * ti2
            }
        }
    }

    /// Radix-4 backward pass (`radb4`).
    private static func radb4(
        ido: Int, l1: Int, _ cc: UnsafePointer<Double>, _ ch: UnsafeMutablePointer<Double>, _ wa: [Double]
    ) {
        let cdim = 4
        let sqrt2 = 1.4142135623730951
        func input(_ a: Int, _ b: Int, _ c: Int) -> Double { cc[a + ido * (b + cdim * c)] }
        func output(_ a: Int, _ b: Int, _ c: Int) -> Int { a + ido * (b + l1 * c) }
        for k in 0 ..< l1 {
            let tr2 = input(0, 0, k) + input(ido - 1, 3, k)
            let tr1 = input(0, 0, k) - input(ido - 1, 3, k)
            let tr3 = 2 * input(ido - 1, 1, k)
            let tr4 = 2 * input(0, 2, k)
            ch[output(0, k, 0)] = tr2 + tr3
            ch[output(0, k, 2)] = tr2 - tr3
            ch[output(0, k, 3)] = tr1 + tr4
            ch[output(0, k, 1)] = tr1 - tr4
        }
        if ido & 1 == 0 {
            for k in 0 ..< l1 {
                let ti1 = input(0, 3, k) + input(0, 1, k)
                let ti2 = input(0, 3, k) - input(0, 1, k)
                let tr2 = input(ido - 1, 0, k) + input(ido - 1, 2, k)
                let tr1 = input(ido - 1, 0, k) - input(ido - 1, 2, k)
                ch[output(ido - 1, k, 0)] = tr2 + tr2
                ch[output(ido - 1, k, 1)] = sqrt2 * (tr1 - ti1)
                ch[output(ido - 1, k, 2)] = ti2 + ti2
                ch[output(ido - 1, k, 3)] = -sqrt2 * (tr1 + ti1)
            }
        }
        guard ido > 2 else { return }
        for k in 0 ..< l1 {
            for i in stride(from: 2, to: ido, by: 2) {
                let ic = ido - i
                let tr2 = input(i - 1, 0, k) + input(ic - 1, 3, k), tr1 = input(i - 1, 0, k) - input(ic - 1, 3, k)
                let ti1 = input(i, 0, k) + input(ic, 3, k), ti2 = input(i, 0, k) - input(ic, 3, k)
                let tr4 = input(i, 2, k) + input(ic, 1, k), ti3 = input(i, 2, k) - input(ic, 1, k)
                let tr3 = input(i - 1, 2, k) + input(ic - 1, 1, k), ti4 = input(i - 1, 2, k) - input(ic - 1, 1, k)
                ch[output(i - 1, k, 0)] = tr2 + tr3
                let cr3 = tr2 - tr3
                ch[output(i, k, 0)] = ti2 + ti3
                let ci3 = ti2 - ti3
                let cr4 = tr1 + tr4, cr2 = tr1 - tr4
                let ci2 = ti1 + ti4, ci4 = ti1 - ti4
                func rotate(_ x: Int, _ ci: Double, _ cr: Double) {
                    let wr = wa[i - 2 + x * (ido - 1)], wi = wa[i - 1 + x * (ido - 1)]
                    ch[output(i, k, x + 1)] = wr * ci + wi * cr
                    ch[output(i - 1, k, x + 1)] = wr * cr - wi * ci
                }
                rotate(0, ci2, cr2)
                rotate(1, ci3, cr3)
                rotate(2, ci4, cr4)
            }
        }
    }

    /// The twiddle factors of the two passes that need them, and of the DCT post-processing.
    private struct Twiddles {
        var radix2: [Double] = []
        var radix4: [Double] = []
        var dct: [Double] = []
    }

    private static let twiddles: Twiddles = {
        let roots = UnitRoots(length)
        var t = Twiddles()
        // rfftp::comp_twiddle: factor 2 (l1 = 1, ido = 16) and the first factor 4 (l1 = 2, ido = 4).
        for (l1, ido, ip) in [(1, 16, 2), (2, 4, 4)] {
            var table = [Double](repeating: 0, count: (ip - 1) * (ido - 1))
            for j in 1 ..< ip {
                for i in 1 ... (ido - 1) / 2 {
                    let root = roots[j * l1 * i]
                    table[(j - 1) * (ido - 1) + 2 * i - 2] = root.re
                    table[(j - 1) * (ido - 1) + 2 * i - 1] = root.im
                }
            }
            if ip == 2 { t.radix2 = table } else { t.radix4 = table }
        }
        let quarter = UnitRoots(4 * length)
        t.dct = (0 ..< length).map { quarter[$0 + 1].re }
        return t
    }()

    /// pocketfft's `sincos_2pibyn`: `e^{2πi k/n}` as products of two table entries, each
    /// computed from an angle reduced to the first octant.
    private struct UnitRoots {
        let n: Int
        let shift: Int
        let mask: Int
        let fine: [(re: Double, im: Double)]
        let coarse: [(re: Double, im: Double)]

        init(_ n: Int) {
            self.n = n
            let angle = 0.25 * Double.pi / Double(n)
            let count = (n + 2) / 2
            var shift = 1
            while (1 << shift) * (1 << shift) < count { shift += 1 }
            let mask = (1 << shift) - 1
            self.shift = shift
            self.mask = mask
            fine = [(1, 0)] + (1 ... mask).map { Self.root($0, n, angle) }
            let coarseCount = (count + mask) / (mask + 1)
            coarse = [(1, 0)] + (1 ..< max(coarseCount, 1)).map { Self.root($0 * (mask + 1), n, angle) }
        }

        subscript(index: Int) -> (re: Double, im: Double) {
            let flip = 2 * index > n
            let k = flip ? n - index : index
            let a = fine[k & mask], b = coarse[k >> shift]
            let re = a.re * b.re - a.im * b.im
            let im = a.re * b.im + a.im * b.re
            return (re, flip ? -im : im)
        }

        /// `e^{2πi x/n}` from `cos`/`sin` of an angle of at most π/4.
        private static func root(_ index: Int, _ n: Int, _ angle: Double) -> (re: Double, im: Double) {
            var x = index << 3
            if x < 4 * n {
                if x < 2 * n {
                    if x < n { return (cos(Double(x) * angle), sin(Double(x) * angle)) }
                    return (sin(Double(2 * n - x) * angle), cos(Double(2 * n - x) * angle))
                }
                x -= 2 * n
                if x < n { return (-sin(Double(x) * angle), cos(Double(x) * angle)) }
                return (-cos(Double(2 * n - x) * angle), sin(Double(2 * n - x) * angle))
            }
            x = 8 * n - x
            if x < 2 * n {
                if x < n { return (cos(Double(x) * angle), -sin(Double(x) * angle)) }
                return (sin(Double(2 * n - x) * angle), -cos(Double(2 * n - x) * angle))
            }
            x -= 2 * n
            if x < n { return (-sin(Double(x) * angle), -cos(Double(x) * angle)) }
            return (-cos(Double(2 * n - x) * angle), -sin(Double(2 * n - x) * angle))
        }
    }
}
