import PalimpsestCore

/// How similar a query is to images it does not copy: the mean and spread of its embedding
/// similarity to the corpus, used to normalise a candidate's similarity so that scores are
/// comparable across queries (a query of a plain blue sky is similar to many images; a
/// detailed one to few).
public struct BackgroundStatistics: Codable, Sendable, Equatable {
    /// Mean similarity.
    public var mean: Double
    /// Standard deviation of the similarity.
    public var spread: Double
    /// How many observations these statistics stand for.
    public var weight: Double

    /// Statistics from known values.
    public init(mean: Double, spread: Double, weight: Double) {
        self.mean = mean
        self.spread = spread
        self.weight = weight
    }

    /// Statistics from running sums.
    init(observedSum sum: Double, sumOfSquares: Double, count: Double) {
        guard count > 0 else {
            self.init(mean: 0, spread: 0, weight: 0)
            return
        }
        let mean = sum / count
        self.init(mean: mean, spread: max(0, sumOfSquares / count - mean * mean).squareRoot(), weight: count)
    }

    /// The pooled statistics of a prior and an observation: a small corpus leans on the prior.
    func combined(with observed: BackgroundStatistics) -> BackgroundStatistics {
        let total = weight + observed.weight
        guard total > 0 else { return self }
        let mean = (self.mean * weight + observed.mean * observed.weight) / total
        let variance = (weight * (spread * spread + (self.mean - mean) * (self.mean - mean))
            + observed.weight * (observed.spread * observed.spread + (observed.mean - mean) * (observed.mean - mean))) / total
        return BackgroundStatistics(mean: mean, spread: variance.squareRoot(), weight: total)
    }

    /// `(similarity − mean) / spread`, with the spread floored so that a uniform corpus cannot
    /// inflate the result.
    func normalise(_ similarity: Float) -> Float {
        Float((Double(similarity) - mean) / max(spread, 0.03))
    }
}
