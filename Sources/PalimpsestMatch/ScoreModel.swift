import PalimpsestCore
import Foundation

/// The logistic models that turn a pair's ``Signals`` into a calibrated probability of copying.
///
/// Three models share one scale: ``verified`` for pairs that went through local-feature
/// verification and alignment, ``quick`` for pairs known only by their hashes and embedding
/// (a reference whose file is gone, or a candidate ranked too low to verify), and ``pdqOnly``
/// for references known only by a PDQ hash. The coefficients were fitted by `Scripts/calibrate.py`
/// (`palimpsest scan --top 100` of a labelled benchmark), with 5-fold cross-validation by query,
/// and shifted so that 0.5 is where each model's cross-validated precision reaches 99.5%;
/// `docs/accuracy.md` says how.
public struct ScoreModel: Codable, Sendable, Equatable {
    /// The model's version, recorded with each run.
    public var version: String
    /// For references known only by a PDQ hash: the distance scored 0.5, and how many bits
    /// move the score by one logit. A fixed rule, not fitted (the benchmark has no such
    /// references): Meta's match threshold, 31, scores 0.9; 50 scores 0.08.
    public var pdqOnlyMidpoint: Double, pdqOnlySpread: Double
    /// Weights of the quick features: PDQ, pHash, embedding z; then the bias.
    public var quick: [Double]
    /// Weights of the verified features: log inliers, edges, structure, matched tiles, colour,
    /// mean difference, PDQ, pHash, embedding z; then the bias.
    public var verified: [Double]

    /// The model shipped with this version of Palimpsest.
    public static let standard = ScoreModel(
        version: "score-v3",
        pdqOnlyMidpoint: 40, pdqOnlySpread: 4,
        quick: [3.1990, 3.8002, 4.6985, -6.9052],
        verified: [2.3211, 3.2233, 1.4548, 2.7086, 2.8267, -3.2759, 0.7655, 3.6605, 6.9756, -12.5173])

    /// The probability that the pair is a copy; 0 when there is no signal at all.
    ///
    /// - Parameter pdqMinimumQuality: PDQ hashes of lower quality are no evidence
    ///   (``Thresholds/pdqMinimumQuality``; PDQ's own rule is 50).
    public func probability(_ s: Signals, pdqMinimumQuality: Int) -> Double {
        if s.pdqDistance == nil && s.phashDistance == nil && s.embeddingZ == nil && s.alignment == nil { return 0 }
        let quickFeatures = Self.quickFeatures(s, pdqMinimumQuality: pdqMinimumQuality)
        if let a = s.alignment {
            let features = [log1p(Double(s.geometry?.inliers ?? 0)), Double(a.edges), Double(a.structure),
                            Double(a.matchedTileFraction), Double(a.colour), min(Double(a.meanDifference), 100) / 50] + quickFeatures
            return Self.logistic(verified, features)
        }
        if s.phashDistance == nil && s.embeddingZ == nil {
            guard let d = s.pdqDistance, (s.pdqQuality ?? 100) >= pdqMinimumQuality else { return 0 }
            return 1 / (1 + exp((Double(d) - pdqOnlyMidpoint) / pdqOnlySpread))
        }
        return Self.logistic(quick, quickFeatures)
    }

    /// PDQ, pHash and embedding evidence, each clamped so no single signal runs away. A PDQ
    /// hash of quality below `pdqMinimumQuality` is no evidence.
    static func quickFeatures(_ s: Signals, pdqMinimumQuality: Int) -> [Double] {
        let reliable = (s.pdqQuality ?? 100) >= pdqMinimumQuality
        return [reliable ? clamp((64 - Double(s.pdqDistance ?? 256)) / 32, 0, 2) : 0,
         clamp((20 - Double(s.phashDistance ?? 64)) / 10, 0, 2),
         clamp(Double(s.embeddingZ ?? 0), -2, 8) / 4]
    }

    static func logistic(_ weights: [Double], _ features: [Double]) -> Double {
        var t = weights[weights.count - 1]
        for (w, f) in zip(weights, features) { t += w * f }
        return 1 / (1 + exp(-max(-30, min(30, t))))
    }

    static func clamp(_ v: Double, _ lo: Double, _ hi: Double) -> Double { max(lo, min(hi, v)) }
}
