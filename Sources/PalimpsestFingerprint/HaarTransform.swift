import PalimpsestCore

/// PyWavelets' 2-D Haar transform in double precision, operation for operation
/// (`wavedec2`/`waverec2` with `'haar'` on a power-of-two square, so no boundary extension).
///
/// Each analysis output is `c·x[2i+1] + c·x[2i]` (low) or `-c·x[2i+1] + c·x[2i]` (high) with
/// `c = 0.7071067811865476`, along axis 0 then axis 1; synthesis is `c·lo ± c·hi`, along axis 1
/// then axis 0. Matching the rounding matters only when values tie exactly, which is when
/// ``WaveletHash`` falls back to this. Sub-bands are kept in place, in the classic
/// `[LL LH; HL HH]` quadrant layout of one `side × side` buffer.
enum HaarTransform {
    /// PyWavelets' Haar filter tap.
    static let c = 0.7071067811865476

    /// ImageHash's `whash` low band: pixels / 255, the coarsest Haar approximation removed
    /// (full decomposition, LL zeroed, reconstruction), then `levels` analysis levels.
    ///
    /// - Returns: the `side >> levels` square approximation, row-major.
    static func lowBandWithoutMean(_ pixels: [UInt8], side: Int, levels: Int) -> [Double] {
        precondition(side > 0 && side & (side - 1) == 0 && pixels.count == side * side, "power-of-two square")
        let image = UnsafeMutablePointer<Double>.allocate(capacity: side * side)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: side * side / 2 + side)
        defer {
            image.deallocate()
            scratch.deallocate()
        }
        for i in 0 ..< side * side { image[i] = Double(pixels[i]) / 255.0 }
        var n = side
        while n > 1 {
            analyse(image, stride: side, side: n, scratch: scratch, details: true)
            n /= 2
        }
        image[0] *= 0
        while n < side {
            n *= 2
            synthesise(image, stride: side, side: n, scratch: scratch)
        }
        for _ in 0 ..< levels {
            analyse(image, stride: side, side: n, scratch: scratch, details: false)
            n /= 2
        }
        var low = [Double](repeating: 0, count: n * n)
        for y in 0 ..< n {
            for x in 0 ..< n { low[y * n + x] = image[y * side + x] }
        }
        return low
    }

    /// One analysis level of the `n × n` top-left block: afterwards its quadrants hold
    /// LL, LH (`ad`), HL (`da`) and HH (`dd`). With `details` false only LL is computed.
    static func analyse(
        _ a: UnsafeMutablePointer<Double>, stride: Int, side n: Int, scratch: UnsafeMutablePointer<Double>,
        details: Bool
    ) {
        let h = n / 2
        // Axis 0: low rows in place (row o is read before it is overwritten), high rows aside.
        for o in 0 ..< h {
            let even = a + 2 * o * stride
            let odd = a + (2 * o + 1) * stride
            let low = a + o * stride
            let high = scratch + o * n
            for j in 0 ..< n {
                let e = even[j], d = odd[j]
                low[j] = c * d + c * e
                if details { high[j] = -c * d + c * e }
            }
        }
        if details {
            for o in 0 ..< h { (a + (h + o) * stride).update(from: scratch + o * n, count: n) }
        }
        // Axis 1, row by row through a temporary row.
        let row = scratch + h * n
        for r in 0 ..< (details ? n : h) {
            let values = a + r * stride
            for p in 0 ..< h {
                let e = values[2 * p], d = values[2 * p + 1]
                row[p] = c * d + c * e
                row[h + p] = -c * d + c * e
            }
            values.update(from: row, count: details ? n : h)
        }
    }

    /// One synthesis level: the `n × n` top-left block's quadrants back to an image.
    static func synthesise(
        _ a: UnsafeMutablePointer<Double>, stride: Int, side n: Int, scratch: UnsafeMutablePointer<Double>
    ) {
        let m = n / 2
        // Axis 1: each row's low and high halves interleave into a full row.
        let row = scratch + m * n
        for r in 0 ..< n {
            let values = a + r * stride
            for i in 0 ..< m {
                let l = c * values[i]
                let h = c * values[m + i]
                row[2 * i] = l + h
                row[2 * i + 1] = l + -h
            }
            values.update(from: row, count: n)
        }
        // Axis 0: rows 0..<m are the low band, m..<n the high band.
        for i in 0 ..< m { (scratch + i * n).update(from: a + i * stride, count: n) }
        for i in 0 ..< m {
            let low = scratch + i * n
            let high = a + (m + i) * stride
            let top = a + 2 * i * stride
            let bottom = a + (2 * i + 1) * stride
            for j in 0 ..< n {
                let l = c * low[j]
                let h = c * high[j]
                top[j] = l + h
                bottom[j] = l + -h
            }
        }
    }
}
