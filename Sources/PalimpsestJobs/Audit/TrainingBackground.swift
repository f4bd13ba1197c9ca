import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import Foundation
import PalimpsestDecode
import PalimpsestLedger
import PalimpsestMatch

/// How close training images sit to the rest of their training data: the best-match score of
/// a sample of training images against the corpora without themselves (Somepalli et al.'s
/// train-against-train background).
struct TrainingBackground {
    let ledger: Ledger
    let analyzer: ImageAnalyzer
    let scorer: Scorer
    let jobs: Int

    /// The best score of each sampled training image (evenly spaced by ledger order; hash-only
    /// references have no picture to sample, but take part as matches).
    func bestScores(corpora: [String], sample: Int) throws -> [Double] {
        let set = try ReferenceSet(ledger: ledger, corpora: corpora, embedder: analyzer.fingerprinter.embedder)
        let count = set.references.count
        guard count > 1, sample > 0 else { return [] }
        let chosen = stride(from: 0, to: count, by: max(1, count / sample)).prefix(sample).map { $0 }
        let views = ReferenceViews(references: set, decode: analyzer.options.decode)
        let matcher = set.matcher(scorer: scorer)
        let analyzer = self.analyzer
        var scores: [Double] = []
        OrderedParallel.run(chosen, jobs: jobs, work: { position -> Double? in
            let reference = set.references[position]
            guard let image = try? analyzer.analyze(path: reference.path) else { return nil }
            let best = matcher.candidates(
                for: image.facts.fingerprints, view: image.verificationView, limit: 5,
                details: { set.details(at: $0) }, referenceView: { views.view(at: $0) })
                .first { $0.position != position && set.identity(at: $0.position).imageID != reference.imageID }
            return best?.score ?? 0
        }) { _, score in
            if let score { scores.append(score) }
        }
        return scores
    }
}
