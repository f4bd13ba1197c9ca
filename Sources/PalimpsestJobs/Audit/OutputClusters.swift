import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import Foundation
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestMatch

/// Finds groups of outputs that are near-duplicates of each other: each output is matched
/// against all the others with the grading used against references, and outputs joined by an
/// `exact` or `near-duplicate` pair fall into one group.
struct OutputClusters {
    let analyzer: ImageAnalyzer
    let scorer: Scorer
    let jobs: Int

    /// The groups of two or more, largest first, as paths.
    func find(paths: [String]) -> [[String]] {
        var analyzed: [AnalyzedImage?] = Array(repeating: nil, count: paths.count)
        OrderedParallel.run(paths, jobs: jobs, work: { path in try? analyzer.analyze(path: path) }) { i, image in
            analyzed[i] = image.map { var light = $0; light.raster = Raster(width: 0, height: 0, bytes: []); return light }
        }
        let kept = analyzed.compactMap { $0 }
        guard kept.count > 1 else { return [] }
        let references = kept.enumerated().map { i, image in
            let f = image.facts.fingerprints
            return StoredReference(
                imageID: Int64(i), sha256: f.sha256, pixelDigest: f.pixelDigest, corpus: "outputs", path: image.path,
                pdq: f.pdq.hash, pdqQuality: f.pdq.quality, hashCodes: f.hashes.byName, embedding: f.embedding,
                embedder: f.embedderIdentifier, localFeatures: image.features?.serialized())
        }
        let set = ReferenceSet(references: references, embedder: analyzer.fingerprinter.embedder)
        let views = ReferenceViews(references: set, decode: analyzer.options.decode)
        let matcher = Matcher(index: set.index, localIndex: set.localIndex, scorer: scorer)
        var sets = UnionFind(count: kept.count)
        let joining: Set<Grade> = [.exact, .nearDuplicate]
        OrderedParallel.run(Array(kept.indices), jobs: jobs, work: { i -> [Int] in
            guard let view = views.view(at: i) else { return [] }
            return matcher.candidates(for: kept[i].facts.fingerprints, view: view, limit: 10,
                                      details: { set.details(at: $0) }, referenceView: { views.view(at: $0) })
                .filter { $0.position != i && joining.contains($0.grade) }.map(\.position)
        }) { i, neighbours in
            for j in neighbours { sets.union(i, j) }
        }
        return sets.groups(minimumSize: 2).map { $0.map { kept[$0].path } }
    }
}
