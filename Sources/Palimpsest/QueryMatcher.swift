import PalimpsestDecode
import PalimpsestLedger
import PalimpsestMatch

/// Matches analyzed query images against a ``ReferenceSet`` the way `scan` does: candidates
/// from every signal, verification of the most promising against the references' pixels, the
/// init-image-hash rule, and the graded candidates ready to record.
///
/// `scan` builds one per run; `serve` keeps one per loaded set of corpora and shares it
/// between concurrent requests.
///
/// ```swift
/// let references = try ReferenceSet(ledger: ledger, corpora: ["paintings"], embedder: analyzer.fingerprinter.embedder)
/// let matcher = try QueryMatcher(ledger: ledger, references: references, thresholds: Thresholds(), decode: analyzer.options.decode)
/// let candidates = matcher.candidates(for: try analyzer.analyze(path: "out.png"), top: 5)
/// ```
public struct QueryMatcher: Sendable {
    /// The references matched against.
    public let references: ReferenceSet
    /// Retrieves, verifies, scores and grades candidates.
    public let matcher: Matcher
    private let initImages: InitImageEvidence
    private let views: ReferenceViews

    /// Prepares matching against `references`.
    ///
    /// - Parameters:
    ///   - ledger: where the references' pixel MD5s are read from (for the init-image-hash rule).
    ///   - references: the references.
    ///   - thresholds: grading thresholds.
    ///   - decode: limits for decoding reference images during verification.
    /// - Throws: a ledger error when the pixel MD5s cannot be read.
    public init(ledger: Ledger, references: ReferenceSet, thresholds: Thresholds, decode: DecodeOptions) throws {
        self.references = references
        matcher = references.matcher(scorer: Scorer(thresholds: thresholds))
        initImages = try InitImageEvidence(ledger: ledger, references: references)
        views = ReferenceViews(references: references, decode: decode)
    }

    /// The best `top` candidates for `query`, best first, as the ledger records them.
    public func candidates(for query: AnalyzedImage, top: Int) -> [CandidateDraft] {
        let references = self.references, views = self.views
        let candidates = initImages.apply(
            to: matcher.candidates(
                for: query.facts.fingerprints, view: query.verificationView,
                limit: top, details: { references.details(at: $0) }, referenceView: { views.view(at: $0) }),
            query: query, scorer: matcher.scorer, limit: top)
        return candidates.map { c in
            let r = references.identity(at: c.position)
            return CandidateDraft(referenceImageID: r.imageID, corpus: r.corpus, referencePath: r.path,
                                  score: c.score, grade: c.grade, signals: c.signals)
        }
    }
}
