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
/// let initImages = try InitImageEvidence(ledger: ledger, shards: [references])
/// let candidates = initImages.apply(to: matcher.candidates(for: ...), query: query, scorer: matcher.scorer,
///                                   limit: options.top) { matcher.hashSignals(for: fingerprints, at: $0, details: references.details(at: $0)) }
/// ```
public struct InitImageEvidence: Sendable {
    /// Reference positions (of all shards together) by pixel MD5 (RGB and RGBA digests alike).
    private let positionsByMD5: [String: [Int]]

    /// Loads the pixel MD5s of the references of every shard from the ledger.
    ///
    /// - Throws: a ledger error when they cannot be read.
    public init(ledger: Ledger, shards: [ReferenceSet]) throws {
        var positions: [String: [Int]] = [:]
        for shard in shards {
            let digests = try ledger.pixelMD5s(ofImages: shard.references.map(\.imageID))
            for (position, reference) in shard.references.enumerated() {
                guard let digest = digests[reference.imageID] else { continue }
                for md5 in Set([digest.rgb] + (digest.rgba.map { [$0] } ?? [])) {
                    positions[md5, default: []].append(shard.positionInWhole(position))
                }
            }
        }
        positionsByMD5 = positions
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
    ///   - scorer: what scored `candidates`.
    ///   - limit: how many candidates to keep.
    ///   - hashSignals: the identity and hash signals of the query against the reference at a
    ///     position (``Matcher/hashSignals(for:at:details:pdq:)``), for a pair the matcher did not propose.
    public func apply(to candidates: [Candidate], query: AnalyzedImage, scorer: Scorer, limit: Int,
                      hashSignals: (Int) -> Signals) -> [Candidate] {
        Self.apply(to: candidates, query: query, named: positions(for: query.metadata), scorer: scorer, limit: limit,
                   hashSignals: hashSignals)
    }

    /// ``apply(to:query:scorer:limit:hashSignals:)`` with the positions of the references the
    /// query's init image hash names already looked up (by the shards that hold them).
    public static func apply(to candidates: [Candidate], query: AnalyzedImage, named: [Int], scorer: Scorer, limit: Int,
                             hashSignals: (Int) -> Signals) -> [Candidate] {
        let claim = query.metadata.imageToImage?.description
        let named = Set(named)
        guard claim != nil || !named.isEmpty else { return candidates }
        var out = candidates
        for position in named.subtracting(candidates.map(\.position)).sorted() {
            let signals = hashSignals(position)
            out.append(Candidate(position: position, signals: signals, score: 0, grade: .none))
        }
        for i in out.indices {
            out[i].signals.imageToImageClaim = claim
            guard named.contains(out[i].position) else { continue }
            out[i].signals.initImageHashMatch = true
            out[i] = scorer.candidate(at: out[i].position, signals: out[i].signals)
        }
        out.sort { ($0.score, -$0.position) > ($1.score, -$1.position) }
        return Array(out.prefix(max(limit, named.count)))
    }
}
