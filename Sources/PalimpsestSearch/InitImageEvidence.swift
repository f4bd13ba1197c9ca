import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestMetadata

/// Metadata as evidence: when a query's generator parameters carry an init image hash equal to
/// a reference's ``PixelMD5``, the pair is graded derivative with score 1, whatever the visual
/// signals say (``Signals/initImageHashMatch``), and every candidate of a query whose metadata
/// claims image-to-image generation carries that claim (``Signals/imageToImageClaim``).
///
/// Metadata can be forged, so a match is decisive only in one direction: it names the very
/// pixels the generator was given. Its absence proves nothing.
///
/// ```swift
/// let initImages = try InitImageEvidence(ledger: ledger, references: references)
/// let candidates = initImages.apply(to: matcher.candidates(for: ...), query: query,
///                                   matcher: matcher, limit: options.top)
/// ```
public struct InitImageEvidence: Sendable {
    /// Reference positions by pixel MD5 (RGB and RGBA digests alike).
    private let positionsByMD5: [String: [Int]]
    /// The references, for the signals of a forced pair the matcher did not propose.
    private let references: ReferenceSet

    /// Loads the pixel MD5s of the references from the ledger.
    ///
    /// - Throws: a ledger error when they cannot be read.
    public init(ledger: Ledger, references: ReferenceSet) throws {
        let digests = try ledger.pixelMD5s(ofImages: references.references.map(\.imageID))
        var positions: [String: [Int]] = [:]
        for (position, reference) in references.references.enumerated() {
            guard let digest = digests[reference.imageID] else { continue }
            for md5 in Set([digest.rgb] + (digest.rgba.map { [$0] } ?? [])) { positions[md5, default: []].append(position) }
        }
        positionsByMD5 = positions
        self.references = references
    }

    /// The positions of the references whose pixels hash to the metadata's init image hash.
    public func positions(for metadata: ProvenanceMetadata) -> [Int] {
        guard let hash = metadata.initImageHash else { return [] }
        return positionsByMD5[hash] ?? []
    }

    /// The query's candidates with the rule applied: pairs named by the init image hash are
    /// marked, rescored and regraded (and added when the matcher did not propose them), the
    /// query's image-to-image claim is recorded on every candidate, and the list is sorted and
    /// cut to `limit` (never dropping a named pair).
    ///
    /// - Parameters:
    ///   - candidates: the matcher's candidates for `query`.
    ///   - query: the analyzed query, with its metadata.
    ///   - matcher: the matcher that proposed `candidates`, for the signals of pairs it did not
    ///     propose and the scorer.
    ///   - limit: how many candidates to keep.
    public func apply(to candidates: [Candidate], query: AnalyzedImage, matcher: Matcher, limit: Int) -> [Candidate] {
        let claim = query.metadata.imageToImage?.description
        let named = Set(positions(for: query.metadata))
        guard claim != nil || !named.isEmpty else { return candidates }
        var out = candidates
        for position in named.subtracting(candidates.map(\.position)).sorted() {
            let signals = matcher.hashSignals(for: query.facts.fingerprints, at: position, details: references.details(at: position))
            out.append(Candidate(position: position, signals: signals, score: 0, grade: .none))
        }
        for i in out.indices {
            out[i].signals.imageToImageClaim = claim
            guard named.contains(out[i].position) else { continue }
            out[i].signals.initImageHashMatch = true
            out[i] = matcher.scorer.candidate(at: out[i].position, signals: out[i].signals)
        }
        out.sort { ($0.score, -$0.position) > ($1.score, -$1.position) }
        return Array(out.prefix(max(limit, named.count)))
    }
}
