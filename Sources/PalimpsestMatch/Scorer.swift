import Foundation

/// Fuses a pair's ``Signals`` into one score in [0, 1] that estimates the probability that the
/// query copies the reference, and grades the pair.
///
/// The score depends only on the pair's signals and on the query's similarity to unrelated
/// corpus images (through ``Signals/embeddingZ``), so a score means the same confidence
/// whichever query it belongs to.
public struct Scorer: Sendable {
    /// The thresholds used to grade.
    public var thresholds: Thresholds

    /// Creates a scorer with the given thresholds.
    public init(thresholds: Thresholds = Thresholds()) {
        self.thresholds = thresholds
    }

    /// The calibrated score of a pair.
    public func score(_ s: Signals) -> Double {
        if s.sameBytes || s.samePixels { return 1 }
        var evidence: [Double] = []
        if let d = s.pdqDistance {
            let reliable = (s.pdqQuality ?? 0) >= thresholds.pdqMinimumQuality
            evidence.append((Double(thresholds.pdqNearDuplicate) + 6 - Double(d)) / (reliable ? 3 : 6))
        }
        if let d = s.phashDistance {
            evidence.append((Double(thresholds.phashNearDuplicate) + 3 - Double(d)) / 1.5)
        }
        if let z = s.embeddingZ {
            evidence.append((Double(z) - 7) / 1.2)
        }
        guard let best = evidence.max() else { return 0 }
        return 1 / (1 + exp(-best))
    }

    /// The grade of a pair with the given score.
    public func grade(_ s: Signals, score: Double) -> Grade {
        if s.sameBytes || s.samePixels { return .exact }
        guard score >= thresholds.flagScore else { return .none }
        if let d = s.pdqDistance, d <= thresholds.pdqNearDuplicate,
           (s.pdqQuality ?? 0) >= thresholds.pdqMinimumQuality {
            return .nearDuplicate
        }
        if let d = s.phashDistance, d <= thresholds.phashNearDuplicate { return .nearDuplicate }
        return .derivative
    }
}
