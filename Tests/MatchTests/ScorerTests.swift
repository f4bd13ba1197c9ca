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
