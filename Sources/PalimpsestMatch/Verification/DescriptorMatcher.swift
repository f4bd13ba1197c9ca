import PalimpsestFingerprint

/// Pairs each query keypoint with its nearest reference keypoint by Euclidean descriptor
/// distance, keeping pairs that pass Lowe's ratio test.
///
/// Brute force over all pairs: squared distances come from `|q|² + |r|² − 2 q·r`, with the dot
/// products computed on `Float` copies of the descriptors in 2 × 4 blocks of eight-lane
/// vectors. The second-nearest neighbour is taken among reference keypoints away from the
/// nearest one, so the same blob found twice (two directions, adjacent scales) does not fail
/// the ratio test.
struct DescriptorMatcher {
    /// Largest nearest / second-nearest distance ratio kept.
    var ratio: Float

    /// The pairs passing the ratio test, at most one per reference keypoint (the most
    /// distinctive), sorted by ratio, most distinctive first.
    func match(query: LocalFeatures, reference: LocalFeatures) -> [TentativeMatch] {
        let nq = query.count, nr = reference.count
        guard nq > 0, nr > 1 else { return [] }
        let dim = LocalFeatures.descriptorLength
        let paddedQ = (nq + 1) / 2 * 2, paddedR = (nr + 3) / 4 * 4
        var q = [Float](repeating: 0, count: paddedQ * dim)
        var r = [Float](repeating: 0, count: paddedR * dim)
        var qNorm = [Float](repeating: 0, count: paddedQ)
        var rNorm = [Float](repeating: .greatestFiniteMagnitude / 4, count: paddedR)
        Self.load(query.descriptors, into: &q, norms: &qNorm)
        Self.load(reference.descriptors, into: &r, norms: &rNorm)
        var best = [SIMD3<Float>](repeating: SIMD3(repeating: .infinity), count: paddedQ)
        var bestIndex = [SIMD3<Int32>](repeating: SIMD3(repeating: -1), count: paddedQ)
        q.withUnsafeBufferPointer { qb in
            r.withUnsafeBufferPointer { rb in
                let qp = UnsafeRawPointer(qb.baseAddress!), rp = UnsafeRawPointer(rb.baseAddress!)
                for i in stride(from: 0, to: paddedQ, by: 2) {
                    for j in stride(from: 0, to: paddedR, by: 4) {
                        let dots = Self.dots(qp + i * dim * 4, rp + j * dim * 4)
                        for a in 0 ..< 2 {
                            for b in 0 ..< 4 {
                                let d = qNorm[i + a] + rNorm[j + b] - 2 * dots[a * 4 + b]
                                if d < best[i + a].z {
                                    Self.insert(d, Int32(j + b), into: &best[i + a], &bestIndex[i + a])
                                }
                            }
                        }
                    }
                }
            }
        }
        var byReference: [Int: TentativeMatch] = [:]
        let limit = ratio * ratio
        for i in 0 ..< nq {
            let first = Int(bestIndex[i].x)
            guard first >= 0 else { continue }
            let anchor = reference.keypoints[first]
            var second = best[i].z
            for k in 1 ..< 3 {
                let j = Int(bestIndex[i][k])
                guard j >= 0, j < nr else { continue }
                let other = reference.keypoints[j]
                let dx = other.x - anchor.x, dy = other.y - anchor.y
                let apart = max(2, 0.5 * anchor.scale)
                if dx * dx + dy * dy > apart * apart {
                    second = best[i][k]
                    break
                }
            }
            let d1 = max(0, best[i].x)
            guard second > 0, d1 < limit * second else { continue }
            let p = query.keypoints[i]
            let match = TentativeMatch(
                queryIndex: i, referenceIndex: first, query: SIMD2(p.x, p.y), reference: SIMD2(anchor.x, anchor.y),
                queryScale: p.scale, referenceScale: anchor.scale, queryAngle: p.angle, referenceAngle: anchor.angle,
                ratio: (d1 / second).squareRoot())
            if let existing = byReference[first], existing.ratio <= match.ratio { continue }
            byReference[first] = match
        }
        return byReference.values.sorted { ($0.ratio, $0.queryIndex) < ($1.ratio, $1.queryIndex) }
    }

    /// Copies byte descriptors into `Float` rows and records their squared lengths.
    static func load(_ bytes: [UInt8], into rows: inout [Float], norms: inout [Float]) {
        let dim = LocalFeatures.descriptorLength
        for k in 0 ..< bytes.count / dim {
            var sum: Float = 0
            for t in 0 ..< dim {
                let v = Float(bytes[k * dim + t])
                rows[k * dim + t] = v
                sum += v * v
            }
            norms[k] = sum
        }
    }

    /// The eight dot products of two query rows with four reference rows (row-major 2 × 4).
    @inline(__always)
    static func dots(_ q: UnsafeRawPointer, _ r: UnsafeRawPointer) -> SIMD8<Float> {
        typealias V = SIMD8<Float>
        let rowBytes = LocalFeatures.descriptorLength * 4
        var s00 = V(), s01 = V(), s02 = V(), s03 = V(), s10 = V(), s11 = V(), s12 = V(), s13 = V()
        for offset in stride(from: 0, to: rowBytes, by: 32) {
            let q0 = q.loadUnaligned(fromByteOffset: offset, as: V.self)
            let q1 = q.loadUnaligned(fromByteOffset: rowBytes + offset, as: V.self)
            let r0 = r.loadUnaligned(fromByteOffset: offset, as: V.self)
            let r1 = r.loadUnaligned(fromByteOffset: rowBytes + offset, as: V.self)
            let r2 = r.loadUnaligned(fromByteOffset: 2 * rowBytes + offset, as: V.self)
            let r3 = r.loadUnaligned(fromByteOffset: 3 * rowBytes + offset, as: V.self)
            s00.addProduct(q0, r0); s01.addProduct(q0, r1); s02.addProduct(q0, r2); s03.addProduct(q0, r3)
            s10.addProduct(q1, r0); s11.addProduct(q1, r1); s12.addProduct(q1, r2); s13.addProduct(q1, r3)
        }
        return SIMD8(s00.sum(), s01.sum(), s02.sum(), s03.sum(), s10.sum(), s11.sum(), s12.sum(), s13.sum())
    }

    /// Inserts distance `d` of reference `j` into a sorted best-three list.
    @inline(__always)
    static func insert(_ d: Float, _ j: Int32, into best: inout SIMD3<Float>, _ index: inout SIMD3<Int32>) {
        if d < best.x {
            best = SIMD3(d, best.x, best.y)
            index = SIMD3(j, index.x, index.y)
        } else if d < best.y {
            best = SIMD3(best.x, d, best.y)
            index = SIMD3(index.x, j, index.y)
        } else {
            best.z = d
            index.z = j
        }
    }
}
