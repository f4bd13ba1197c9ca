import PalimpsestCore
import Foundation

/// Fuses a pair's ``Signals`` into one score in [0, 1] that estimates the probability that the
/// query copies the reference, and grades the pair.
///
/// The score depends only on the pair's signals and on the query's similarity to unrelated
/// corpus images (through ``Signals/embeddingZ``), so a score means the same confidence
/// whichever query it belongs to.
public struct Scorer: Sendable {
    /// Every number of matching; the scorer reads the grade rules and the model.
    public var configuration: MatchingConfiguration

    /// The thresholds used to grade.
    public var thresholds: Thresholds {
        get { configuration.grading }
        set { configuration.grading = newValue }
    }

    /// The calibrated model.
    public var model: ScoreModel {
        get { configuration.scoring }
        set { configuration.scoring = newValue }
    }

    /// Creates a scorer following `configuration`.
    public init(configuration: MatchingConfiguration = MatchingConfiguration()) {
        self.configuration = configuration
    }

    /// Creates a scorer with the given thresholds and model, and the other defaults.
    public init(thresholds: Thresholds, model: ScoreModel = .standard) {
        configuration = MatchingConfiguration()
        configuration.grading = thresholds
        configuration.scoring = model
    }

    /// The calibrated score of a pair.
    public func score(_ s: Signals) -> Double {
        if s.sameBytes || s.samePixels || s.initImageHashMatch == true { return 1 }
        return model.probability(s, pdqMinimumQuality: thresholds.pdqMinimumQuality)
    }

    /// The grade of a pair with the given score.
    public func grade(_ s: Signals, score: Double) -> Grade {
        if s.sameBytes || s.samePixels { return .exact }
        if s.initImageHashMatch == true { return .derivative }
        guard score >= thresholds.flagScore else { return .none }
        if let a = s.alignment, s.geometry != nil,
           a.queryCoverage < thresholds.partialCoverage || a.referenceCoverage < thresholds.partialCoverage {
            return .partial
        }
        if let d = s.pdqDistance, d <= thresholds.pdqNearDuplicate, (s.pdqQuality ?? 0) >= thresholds.pdqMinimumQuality {
            return .nearDuplicate
        }
        if let d = s.phashDistance, d <= thresholds.phashNearDuplicate { return .nearDuplicate }
        if let a = s.alignment, a.edges >= thresholds.nearDuplicateEdges, a.matchedTileFraction >= thresholds.nearDuplicateTiles {
            return .nearDuplicate
        }
        return .derivative
    }

    /// The largest PDQ distance at which a reference known only by its PDQ hash still reaches
    /// the flag score (40 of 256 with the standard model and a flag score of 0.5), and at
    /// least ``Thresholds/pdqNearDuplicate``: how far the matcher looks among such references.
    /// Farther ones could only ever be graded `none`.
    public var hashOnlyRadius: Int {
        var s = Signals()
        s.pdqQuality = 100
        var radius = max(0, thresholds.pdqNearDuplicate)
        while radius < 256 {
            s.pdqDistance = radius + 1
            guard score(s) >= thresholds.flagScore else { break }
            radius += 1
        }
        return min(radius, 256)
    }

    /// The candidate for the reference at `position` with these signals: scored, graded, and
    /// given the strength band of a derivative.
    public func candidate(at position: Int, signals: Signals) -> Candidate {
        var signals = signals
        let score = score(signals)
        let grade = grade(signals, score: score)
        signals.derivativeStrength = strength(signals, grade: grade)
        return Candidate(position: position, signals: signals, score: score, grade: grade)
    }

    /// How far a derivative departs from its reference, judged by how much of the reference's
    /// edge structure survives alignment; `nil` for other grades or unaligned pairs.
    public func strength(_ s: Signals, grade: Grade) -> DerivativeStrength? {
        guard grade == .derivative, let edges = s.alignment?.edges else { return nil }
        if edges >= thresholds.lightDerivativeEdges { return .light }
        return edges >= thresholds.mediumDerivativeEdges ? .medium : .heavy
    }
}

/// How strongly a derivative was transformed: image-to-image at low, medium or high denoising
/// strength, or an edit of comparable weight.
public enum DerivativeStrength: String, Codable, Sendable {
    /// Composition, edges and most texture survive (img2img strength around 0.3).
    case light
    /// Composition and main edges survive, texture is replaced (around 0.5).
    case medium
    /// Only composition and colour layout survive (0.7 and above).
    case heavy
}
