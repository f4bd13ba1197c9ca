import Foundation
import PalimpsestCore

/// Fits a plane transform to tentative matches despite outliers: RANSAC over two-point
/// similarity hypotheses drawn first from the most distinctive matches (PROSAC order), with
/// local optimisation, then refined to an affine map and, when it explains more matches, to
/// a homography.
///
/// A match counts as an inlier only when its reference point lies within ``tolerance`` of
/// where the transform takes the query point *and* its keypoints' scale and direction agree
/// with the transform's local scale and rotation, which keeps chance inliers rare.
struct RobustFitter {
    /// The fitted transform and which matches it explains.
    struct Fit {
        /// The model the transform belongs to.
        var model: TransformModel
        /// Query to reference.
        var transform: Homography
        /// Indices of the inlier matches.
        var inliers: [Int]
    }

    /// Largest distance in reference pixels between a mapped query point and its match.
    var tolerance: Float
    /// Largest disagreement between keypoint directions and the transform's rotation (radians).
    var angleTolerance: Float = 0.6
    /// Largest factor between keypoint scale ratios and the transform's scale.
    var scaleTolerance: Float = 2
    /// Most hypotheses tried.
    var iterations: Int = 600
    /// Fewest inliers worth refining.
    var minimumInliers: Int = 4

    /// The best transform for `matches` (sorted most distinctive first), or `nil` when no
    /// hypothesis gathers ``minimumInliers``.
    func fit(_ matches: [TentativeMatch]) -> Fit? {
        let n = matches.count
        guard n >= max(2, minimumInliers) else { return nil }
        let logScale = matches.map { Float(log(Double($0.referenceScale / $0.queryScale))) }
        let turn = matches.map { $0.referenceAngle - $0.queryAngle }
        let logTolerance = Float(log(Double(scaleTolerance)))
        var generator = SplitMix64(seed: UInt64(n))
        var best: [Int] = []
        var bestTransform = Homography.identity
        var needed = iterations
        var iteration = 0
        while iteration < min(iterations, needed) {
            iteration += 1
            let pool = min(n, max(12, n * 2 * iteration / iterations))
            let a = Int(generator.next() % UInt64(pool)), b = Int(generator.next() % UInt64(pool))
            guard a != b else { continue }
            let dq = matches[b].query - matches[a].query, dr = matches[b].reference - matches[a].reference
            guard (dq * dq).sum() > 9, (dr * dr).sum() > 9,
                  let hypothesis = Homography.similarity(
                      from: [matches[a].query, matches[b].query], to: [matches[a].reference, matches[b].reference])
            else { continue }
            let scale = Float(log((hypothesis.m[0] * hypothesis.m[0] + hypothesis.m[3] * hypothesis.m[3]).squareRoot()))
            let rotation = Float(atan2(hypothesis.m[3], hypothesis.m[0]))
            guard abs(scale) < 3,
                  Self.agrees(logScale[a], turn[a], scale, rotation, logTolerance, angleTolerance),
                  Self.agrees(logScale[b], turn[b], scale, rotation, logTolerance, angleTolerance)
            else { continue }
            var inliers = similarityInliers(hypothesis, matches, logScale, turn, scale, rotation)
            guard inliers.count > best.count else { continue }
            var transform = hypothesis
            for _ in 0 ..< 3 {
                guard let refined = Homography.similarity(
                    from: inliers.map { matches[$0].query }, to: inliers.map { matches[$0].reference })
                else { break }
                let refinedInliers = self.inliers(of: refined, matches)
                guard refinedInliers.count >= inliers.count else { break }
                (transform, inliers) = (refined, refinedInliers)
            }
            (best, bestTransform) = (inliers, transform)
            let ratio = Double(best.count) / Double(n)
            needed = ratio >= 1 ? 0 : min(iterations, max(60, Int(log(0.005) / log(1 - ratio * ratio)) + 1))
        }
        guard best.count >= minimumInliers else { return nil }
        var fit = Fit(model: .similarity, transform: bestTransform, inliers: best)
        if let affine = refine(fit, matches, estimator: Homography.affine), affine.inliers.count >= fit.inliers.count,
           Self.isPlausibleAffine(affine.transform) {
            fit = Fit(model: .affine, transform: affine.transform, inliers: affine.inliers)
        }
        if fit.inliers.count >= 8, let projective = refine(fit, matches, estimator: Homography.homography),
           projective.inliers.count >= fit.inliers.count + max(2, fit.inliers.count / 20),
           Self.isPlausibleHomography(projective.transform, over: projective.inliers.map { matches[$0].query }) {
            fit = Fit(model: .homography, transform: projective.transform, inliers: projective.inliers)
        }
        return fit
    }

    /// Alternately re-estimates with `estimator` on the inliers and recounts, three times.
    func refine(
        _ start: Fit, _ matches: [TentativeMatch],
        estimator: ([SIMD2<Float>], [SIMD2<Float>]) -> Homography?
    ) -> Fit? {
        var inliers = start.inliers
        var result: Fit?
        for _ in 0 ..< 3 {
            guard let transform = estimator(inliers.map { matches[$0].query }, inliers.map { matches[$0].reference })
            else { break }
            let next = self.inliers(of: transform, matches)
            if let result, next.count <= result.inliers.count { break }
            result = Fit(model: start.model, transform: transform, inliers: next)
            inliers = next
            guard inliers.count >= 4 else { break }
        }
        return result
    }

    /// Inliers of a similarity with log-scale `scale` and angle `rotation`.
    func similarityInliers(
        _ t: Homography, _ matches: [TentativeMatch], _ logScale: [Float], _ turn: [Float],
        _ scale: Float, _ rotation: Float
    ) -> [Int] {
        let limit = tolerance * tolerance, logTolerance = Float(log(Double(scaleTolerance)))
        var out: [Int] = []
        for k in matches.indices {
            let e = t.apply(matches[k].query) - matches[k].reference
            if (e * e).sum() <= limit, Self.agrees(logScale[k], turn[k], scale, rotation, logTolerance, angleTolerance) {
                out.append(k)
            }
        }
        return out
    }

    /// Inliers of any transform, judged by its local derivative at each query point.
    func inliers(of t: Homography, _ matches: [TentativeMatch]) -> [Int] {
        let limit = tolerance * tolerance, logTolerance = Float(log(Double(scaleTolerance)))
        var out: [Int] = []
        for (k, match) in matches.enumerated() {
            let e = t.apply(match.query) - match.reference
            guard (e * e).sum() <= limit else { continue }
            let j = t.jacobian(at: match.query)
            let determinant = j.a * j.d - j.b * j.c
            guard determinant > 0 else { continue }
            let c = Double(cos(match.queryAngle)), s = Double(sin(match.queryAngle))
            let mapped = Float(atan2(j.c * c + j.d * s, j.a * c + j.b * s))
            let localScale = Float(0.5 * log(determinant))
            let logRatio = Float(log(Double(match.referenceScale / match.queryScale)))
            if Self.agrees(logRatio, match.referenceAngle - mapped, localScale, 0, logTolerance, angleTolerance) {
                out.append(k)
            }
        }
        return out
    }

    /// Whether a match's keypoint log-scale ratio and direction change agree with a transform's.
    @inline(__always)
    static func agrees(
        _ logRatio: Float, _ turn: Float, _ scale: Float, _ rotation: Float, _ logTolerance: Float, _ angleTolerance: Float
    ) -> Bool {
        guard abs(logRatio - scale) <= logTolerance else { return false }
        var d = (turn - rotation).truncatingRemainder(dividingBy: 2 * .pi)
        if d > .pi { d -= 2 * .pi }
        if d < -.pi { d += 2 * .pi }
        return abs(d) <= angleTolerance
    }

    /// An affine map that keeps orientation, does not squash one axis more than 4× relative to
    /// the other, and scales area by 1/256…256.
    static func isPlausibleAffine(_ t: Homography) -> Bool {
        let (a, b, c, d) = (t.m[0], t.m[1], t.m[3], t.m[4])
        let determinant = a * d - b * c
        guard determinant > 1.0 / 256, determinant < 256 else { return false }
        let frobenius = a * a + b * b + c * c + d * d
        let root = (frobenius * frobenius - 4 * determinant * determinant).squareRoot()
        let high = ((frobenius + root) / 2).squareRoot(), low = ((frobenius - root) / 2).squareRoot()
        return low > 0 && high / low <= 4
    }

    /// A homography that is a plausible view of a plane over the region of `points`: finite,
    /// orientation-preserving and an acceptable affine map everywhere in it, with local scale
    /// varying at most 3× across it.
    static func isPlausibleHomography(_ t: Homography, over points: [SIMD2<Float>]) -> Bool {
        let box = InlierBounds(points: points)
        let corners = [SIMD2(box.minX, box.minY), SIMD2(box.maxX, box.minY), SIMD2(box.minX, box.maxY),
                       SIMD2(box.maxX, box.maxY), SIMD2((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2)]
        var scales: [Double] = []
        for p in corners {
            let w = t.m[6] * Double(p.x) + t.m[7] * Double(p.y) + t.m[8]
            guard w > 0 else { return false }
            let j = t.jacobian(at: p)
            let local = Homography([j.a, j.b, 0, j.c, j.d, 0, 0, 0, 1])
            guard isPlausibleAffine(local) else { return false }
            scales.append(j.a * j.d - j.b * j.c)
        }
        return (scales.max() ?? 1) / max(1e-12, scales.min() ?? 1) <= 9
    }
}
