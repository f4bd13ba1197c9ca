import PalimpsestCore
import PalimpsestMatch
import Testing

@Suite("Scorer and grades")
struct ScorerTests {
    private func signals(pdq: Int? = nil, quality: Int = 100, phash: Int? = nil, z: Float? = nil) -> Signals {
        var s = Signals()
        s.pdqDistance = pdq
        s.pdqQuality = pdq == nil ? nil : quality
        s.phashDistance = phash
        s.embeddingZ = z
        return s
    }

    @Test("identical bytes are exact with score 1")
    func sameBytesIsExact() {
        var s = Signals()
        s.sameBytes = true
        let scorer = Scorer()

        #expect(scorer.score(s) == 1)
        #expect(scorer.grade(s, score: 1) == .exact)
    }

    @Test("identical pixels are exact whatever the file bytes")
    func samePixelsIsExact() {
        var s = signals(pdq: 0)
        s.samePixels = true
        #expect(Scorer().grade(s, score: Scorer().score(s)) == .exact)
    }

    @Test("a PDQ distance at the near-duplicate threshold with reliable quality is a near-duplicate")
    func pdqAtThresholdIsNearDuplicate() {
        let scorer = Scorer()
        let s = signals(pdq: scorer.thresholds.pdqNearDuplicate)
        #expect(scorer.grade(s, score: scorer.score(s)) == .nearDuplicate)
    }

    @Test("a low-quality PDQ hash alone does not make a near-duplicate")
    func lowQualityPDQIsNotNearDuplicate() {
        let scorer = Scorer()
        let s = signals(pdq: 30, quality: 20)
        #expect(scorer.grade(s, score: scorer.score(s)) != .nearDuplicate)
    }

    @Test("unrelated signals score low and grade none")
    func unrelatedIsNone() {
        let scorer = Scorer()
        let s = signals(pdq: 120, phash: 32, z: 1)
        #expect(scorer.score(s) < 0.01)
        #expect(scorer.grade(s, score: scorer.score(s)) == .none)
    }

    @Test("no signals at all score zero")
    func noSignalsScoreZero() {
        #expect(Scorer().score(Signals()) == 0)
    }

    @Test("the score falls as the PDQ distance grows")
    func scoreMonotoneInPDQ() {
        let scorer = Scorer()
        let scores = stride(from: 0, through: 128, by: 8).map { scorer.score(signals(pdq: $0)) }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test("a strong embedding match without a PDQ match grades derivative")
    func embeddingOnlyIsDerivative() {
        let scorer = Scorer()
        let s = signals(pdq: 90, phash: 24, z: 14)
        #expect(scorer.grade(s, score: scorer.score(s)) == .derivative)
    }

    @Test("raising the flag score unflags a borderline pair")
    func flagScoreOverride() {
        var thresholds = Thresholds()
        let s = signals(pdq: 90, z: 8)
        let score = Scorer(thresholds: thresholds).score(s)
        thresholds.flagScore = min(1, score + 0.01)

        #expect(Scorer(thresholds: thresholds).grade(s, score: score) == .none)
    }

    @Test("grades order from exact down to none")
    func gradeOrder() {
        #expect(Grade.allCases.sorted(by: >) == [.exact, .nearDuplicate, .derivative, .partial, .none])
        #expect(!Grade.none.isFlagged && Grade.partial.isFlagged)
    }
}

@Suite("Grades after verification")
struct VerifiedGradeTests {
    private func aligned(edges: Float, tiles: Float, queryCoverage: Float = 1, referenceCoverage: Float = 1,
                         inliers: Int? = nil) -> Signals {
        var s = Signals()
        s.pdqDistance = 90
        s.pdqQuality = 100
        s.phashDistance = 26
        s.embeddingZ = 4
        s.alignment = AlignmentMeasures(structure: 0.95, edges: edges, colour: 0.95, meanDifference: 6, tiles: [],
                                        matchedTileFraction: tiles, queryCoverage: queryCoverage,
                                        referenceCoverage: referenceCoverage, queryToReference: [1, 0, 0, 0, 1, 0, 0, 0, 1])
        if let inliers {
            s.geometry = GeometrySummary(model: "similarity", inliers: inliers, tentativeMatches: inliers, scale: 1,
                                         rotationDegrees: 0, mirrored: false, matrix: [1, 0, 0, 0, 1, 0, 0, 0, 1],
                                         queryRegion: [0, 0, 1, 1], referenceRegion: [0, 0, 1, 1])
        }
        return s
    }

    @Test("a verified pair showing under 60% of the reference is partial")
    func cropIsPartial() {
        let scorer = Scorer()
        let s = aligned(edges: 0.95, tiles: 1, referenceCoverage: 0.3, inliers: 80)
        #expect(scorer.grade(s, score: scorer.score(s)) == .partial)
    }

    @Test("a verified pair whose reference fills under 60% of the query is partial")
    func pastedIsPartial() {
        let scorer = Scorer()
        let s = aligned(edges: 0.95, tiles: 1, queryCoverage: 0.4, inliers: 60)
        #expect(scorer.grade(s, score: scorer.score(s)) == .partial)
    }

    @Test("an aligned pair with matching edges and tiles is a near-duplicate even when PDQ misses it")
    func alignedNearDuplicate() {
        let scorer = Scorer()
        let s = aligned(edges: 0.97, tiles: 1, inliers: 120)
        #expect(scorer.grade(s, score: scorer.score(s)) == .nearDuplicate)
    }

    @Test("a restyled pair is a derivative, with a strength band from its edge agreement")
    func derivativeStrengthBands() {
        let scorer = Scorer()
        let medium = aligned(edges: 0.62, tiles: 0.8, inliers: 20)
        let heavy = aligned(edges: 0.42, tiles: 0.7)
        let mediumScore = scorer.score(medium)

        #expect(scorer.grade(medium, score: mediumScore) == .derivative)
        #expect(scorer.strength(medium, grade: .derivative) == .medium)
        #expect(scorer.strength(heavy, grade: .derivative) == .heavy)
        #expect(scorer.strength(aligned(edges: 0.9, tiles: 0.8), grade: .derivative) == .light)
    }

    @Test("an aligned pair that disagrees everywhere scores low")
    func alignedDisagreementScoresLow() {
        var s = aligned(edges: 0.05, tiles: 0.15)
        s.alignment?.structure = 0.4
        s.alignment?.colour = 0.1
        s.alignment?.meanDifference = 55
        s.embeddingZ = 2
        #expect(Scorer().score(s) < 0.05)
    }
}
