import PalimpsestCore
import CPalimpsestKernels
import PalimpsestFingerprint

/// Pairs each query keypoint with its nearest reference keypoint by Euclidean descriptor
/// distance, keeping pairs that pass Lowe's ratio test.
///
/// Brute force over all pairs: squared distances come from `|q|² + |r|² − 2 q·r`, with the dot
/// products of the descriptors widened to 16 bits (`pal_descriptor_nearest3`, sixteen
/// products per AVX2 instruction; every sum is an exact integer). The second-nearest neighbour is taken
/// among reference keypoints away from the nearest one, so the same blob found twice (two
/// directions, adjacent scales) does not fail the ratio test.
struct DescriptorMatcher {
    /// Largest nearest / second-nearest distance ratio kept.
    var ratio: Float

    /// The pairs passing the ratio test, at most one per reference keypoint (the most
    /// distinctive), sorted by ratio, most distinctive first.
    func match(query: LocalFeatures, reference: LocalFeatures) -> [TentativeMatch] {
        let nq = query.count, nr = reference.count
        guard nq > 0, nr > 1 else { return [] }
        let q = query.descriptors.map(Int16.init), r = reference.descriptors.map(Int16.init)
        var distances = [Int32](repeating: 0, count: 3 * nq), indices = distances, dots = [Int32](repeating: 0, count: nr)
        pal_descriptor_nearest3(q, Self.squaredLengths(q), Int32(nq), r, Self.squaredLengths(r), Int32(nr), &dots, &distances, &indices)
        var best = [SIMD3<Float>](repeating: SIMD3(repeating: .infinity), count: nq)
        var bestIndex = [SIMD3<Int32>](repeating: SIMD3(repeating: -1), count: nq)
        for i in 0 ..< nq {
            for k in 0 ..< 3 where indices[3 * i + k] >= 0 {
                best[i][k] = Float(distances[3 * i + k])
                bestIndex[i][k] = indices[3 * i + k]
            }
            // With two reference keypoints, the third place holds a sentinel.
            if nr == 2 { (best[i].z, bestIndex[i].z) = (Self.absent, 2) }
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

    /// The distance recorded for a missing reference keypoint: larger than any real one.
    static let absent = Float.greatestFiniteMagnitude / 4

    /// The squared length of each descriptor in `values` (exact: at most 128 × 255²).
    static func squaredLengths(_ values: [Int16]) -> [Int32] {
        let dim = LocalFeatures.descriptorLength
        return (0 ..< values.count / dim).map { k in
            var sum: Int32 = 0
            for t in k * dim ..< (k + 1) * dim { sum += Int32(values[t]) * Int32(values[t]) }
            return sum
        }
    }
}
