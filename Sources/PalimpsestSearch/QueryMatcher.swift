import PalimpsestCore
import PalimpsestDecode
import PalimpsestLedger
import PalimpsestFingerprint
import PalimpsestIndex
import PalimpsestMatch

/// Matches analyzed query images against a ``ReferenceSet`` the way `scan` does: candidates
/// from every signal, verification of the most promising against the references' pixels, the
/// init-image-hash rule, and the graded candidates ready to record.
///
/// A query whose whole image is not an exact or near-duplicate copy is matched again with the
/// parts of it that look pasted in described on their own
/// (``ImageAnalyzer/describingPastedParts(of:proposer:)``), so that pasted parts of references are
/// found. A copy is not searched for parts of other references: that would cost most checks
/// several times their time for what a copy already shows.
///
/// `scan` builds one per run; `serve` keeps one per loaded set of corpora and shares it
/// between concurrent requests.
///
/// ```swift
/// let references = try ReferenceSet(ledger: ledger, corpora: ["paintings"], embedder: analyzer.fingerprinter.embedder)
/// let matcher = try QueryMatcher(ledger: ledger, references: references, configuration: MatchingConfiguration(), analyzer: analyzer)
/// let candidates = matcher.match(try analyzer.analyze(path: "out.png"), top: 5).candidates
/// ```
public struct QueryMatcher: Sendable {
    /// The references matched against.
    public let references: ReferenceSet
    /// Retrieves, verifies, scores and grades candidates.
    public let matcher: Matcher
    private let initImages: InitImageEvidence
    private let views: ReferenceViews
    private let analyzer: ImageAnalyzer

    /// Prepares matching against `references`.
    ///
    /// - Parameters:
    ///   - ledger: where the references' pixel MD5s are read from (for the init-image-hash rule).
    ///   - references: the references.
    ///   - configuration: every number of matching and grading.
    ///   - analyzer: the analyzer of the queries, to describe their pasted-looking parts; its
    ///     decoding limits apply to reference images during verification.
    /// - Throws: ``PanelBackgroundError`` when the configuration names a background panel
    ///   this build lacks; a ledger error when the pixel MD5s cannot be read.
    public init(ledger: Ledger, references: ReferenceSet, configuration: MatchingConfiguration, analyzer: ImageAnalyzer) throws {
        try configuration.validate()
        self.references = references
        matcher = references.matcher(scorer: Scorer(configuration: configuration))
        initImages = try InitImageEvidence(ledger: ledger, references: references)
        views = ReferenceViews(references: references, decode: analyzer.options.decode)
        self.analyzer = analyzer
    }

    /// The best `top` candidates for `query`, best first, as the ledger records them, and the
    /// pasted-looking parts that were described to find them.
    public func match(_ query: AnalyzedImage, top: Int) -> QueryMatch {
        var times = StageTimes()
        var memo = Matcher.Memo()
        let candidates = times.measure("match") { graded(query, top: top, memo: &memo) }
        if let best = candidates.first?.grade, best == .exact || best == .nearDuplicate {
            return QueryMatch(candidates: drafts(candidates), pastedParts: [], times: times)
        }
        let withParts = times.measure("pasted-parts") { analyzer.describingPastedParts(of: query, proposer: matcher.scorer.configuration.regions) }
        guard !withParts.regions.isEmpty else { return QueryMatch(candidates: drafts(candidates), pastedParts: [], times: times) }
        // The parts' features follow the whole image's, whose search and verifications are reused.
        let again = times.measure("match-with-parts") { graded(withParts, top: top, memo: &memo) }
        return QueryMatch(candidates: drafts(again), pastedParts: withParts.regions.map(\.rect), times: times)
    }

    private func graded(_ query: AnalyzedImage, top: Int, memo: inout Matcher.Memo) -> [Candidate] {
        let references = self.references, views = self.views
        return initImages.apply(
            to: matcher.candidates(
                for: query.facts.fingerprints, view: query.verificationView, limit: top,
                details: { references.details(at: $0) }, referenceView: { views.view(at: $0) }, memo: &memo),
            query: query, matcher: matcher, limit: top)
    }

    private func drafts(_ candidates: [Candidate]) -> [CandidateDraft] {
        candidates.map { c in
            let r = references.identity(at: c.position)
            return CandidateDraft(referenceImageID: r.imageID, corpus: r.corpus, referencePath: r.path,
                                  score: c.score, grade: c.grade, signals: c.signals)
        }
    }
}

/// What ``QueryMatcher/match(_:top:)`` found for a query.
public struct QueryMatch: Sendable {
    /// The best candidates, best first, as the ledger records them.
    public var candidates: [CandidateDraft]
    /// The parts of the query that looked pasted in and were described on their own (none for
    /// a copy, which is not searched for parts).
    public var pastedParts: [PixelRect]
    /// How long matching took: the whole image, then (for a query that is not a copy) its
    /// parts' description and the second match.
    public var times: StageTimes
}

/// What analyzing and matching one input file gave: what a scan, or a queue worker, records for it.
public enum QueryOutcome: Sendable {
    /// The image was analyzed; its graded candidates, best first.
    case matched(AnalyzedImage, [CandidateDraft])
    /// The file could not be read or decoded.
    case failed(DecodeError)
}

extension QueryMatcher {
    /// Loads the references of `corpora` from the ledger (with `analyzer`'s embedder), lists
    /// their local features as `configuration` says, and prepares matching against them.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when a name is not a corpus, or another ledger error.
    public init(ledger: Ledger, corpora: [String], analyzer: ImageAnalyzer, configuration: MatchingConfiguration) throws {
        let references = try ReferenceSet(ledger: ledger, corpora: corpora, embedder: analyzer.fingerprinter.embedder,
                                          listing: configuration.retrieval.localFeatures.listing)
        try self.init(ledger: ledger, references: references, configuration: configuration, analyzer: analyzer)
    }

    /// Decodes and fingerprints the file at `path` and matches it (``match(_:top:)``), keeping
    /// its best `top` candidates: what `scan` and `scan --worker` do to each input.
    public func outcome(ofFileAt path: String, top: Int) -> QueryOutcome {
        do throws(DecodeError) {
            let query = try analyzer.analyze(path: path)
            return .matched(query, match(query, top: top).candidates)
        } catch {
            return .failed(error)
        }
    }
}

extension CandidateDraft {
    /// The matcher's signals for this candidate; the ledger holds them only as something to
    /// encode, since it does not depend on the matcher.
    public var matchSignals: Signals? { signals as? Signals }
}
