import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex

/// Every number that can change a verdict, in one value: recorded with each run (the run's
/// `thresholds` column), named in every report by its ``fingerprint``, and printed by
/// `palimpsest config show`. Two reports with the same fingerprint were graded by the same rules.
///
/// Fingerprinting itself (the hashes, the embedder, the local-feature extractor) is named by the
/// algorithm versions recorded beside it, since references were fingerprinted when they were
/// added; what is here is decided at query time.
///
/// ```swift
/// var configuration = MatchingConfiguration()
/// configuration.grading.flagScore = 0.6
/// print(configuration.fingerprint)
/// ```
public struct MatchingConfiguration: Codable, Sendable, Equatable {
    /// Identifies the set of knobs (not their values, which ``fingerprint`` names): bump it when
    /// one is added, removed or changes meaning.
    public static let currentVersion = "matching-v5"

    /// The version of the set of knobs these values belong to.
    public var version = MatchingConfiguration.currentVersion
    /// The grade rules.
    public var grading = Thresholds()
    /// The calibrated score model.
    public var scoring = ScoreModel.standard
    /// Which references are proposed and which of them are verified.
    public var retrieval = RetrievalSettings()
    /// How a proposed reference is verified against the query.
    public var verification = VerificationSettings()
    /// How the query's pasted-looking parts are found.
    public var regions = RegionProposer()

    /// The defaults.
    public init() {}

    /// The defaults with the audit's operating point (``Thresholds/audit``).
    public static var audit: MatchingConfiguration {
        var configuration = MatchingConfiguration()
        configuration.grading = .audit
        return configuration
    }

    /// The SHA-256 of the configuration as canonical JSON (sorted keys, no spaces), in hex:
    /// changes whenever any number in it does.
    public var fingerprint: String {
        Digest.sha256Hex((try? JSONCoding.encoder().encode(self)) ?? Data())
    }

    /// The version and the first 12 hex digits of the fingerprint, for a report's header.
    public var label: String { "\(version)+\(fingerprint.prefix(12))" }

    /// Checks what decoding cannot: that the embedding and vote backgrounds name panels this
    /// build has.
    ///
    /// - Throws: ``PanelBackgroundError`` when it does not.
    public func validate() throws {
        _ = try retrieval.embeddingBackground.resolvedPanel()
        _ = try retrieval.voteBackground.resolvedPanel()
    }

    /// The configuration a run recorded, whether a whole configuration or, for runs made before
    /// there was one, the grade rules alone (then taken with this version's other defaults).
    public static func recorded(_ json: String) -> MatchingConfiguration? {
        let data = Data(json.utf8)
        if let configuration = try? JSONCoding.decoder.decode(MatchingConfiguration.self, from: data) { return configuration }
        guard let thresholds = try? JSONCoding.decoder.decode(Thresholds.self, from: data) else { return nil }
        var configuration = MatchingConfiguration()
        configuration.grading = thresholds
        return configuration
    }
}

/// Which references are proposed for a query and which of them are verified.
public struct RetrievalSettings: Codable, Sendable, Equatable {
    /// Local-feature votes a reference needs to be proposed.
    public var minimumVotes = 3
    /// How many of the references with the most votes are verified, beside the best scored.
    public var verifiedByVotes = 3
    /// Once a candidate is verified as an exact or near-duplicate copy, the query's other
    /// candidates are verified only when their preliminary score reaches this: a second copy
    /// scores far above it on hashes alone.
    public var verifiedBesideCopy = 0.25
    /// What a query's embedding similarity to unrelated images is measured against: a fixed
    /// panel of real images, so that a pair's z does not depend on what else the corpus holds.
    public var embeddingBackground = EmbeddingBackground.panel(BackgroundPanels.standard)
    /// How many of the background images most similar to the query are left out of its
    /// background statistics (they may be copies of it, or, against the corpus, its candidates).
    public var backgroundLeavesOut = 3
    /// What a query's embedding similarity to unrelated images is assumed to be, pooled with
    /// what the background measures (it carries the most weight when the background is small).
    public var backgroundPrior = BackgroundStatistics(mean: 0.30, spread: 0.12, weight: 40)
    /// How far (in z) a pasted-looking part's nearest reference must stand out from the part's
    /// background to be proposed and verified.
    public var pastedPartZ: Float = 4
    /// How near a reference's PDQ hash must be to any dihedral variant of the query's for PDQ to
    /// propose it (Meta's match threshold). A farther hash proposes nothing (the pair's distance
    /// still counts when another signal proposes it), so that a large corpus is searched
    /// through a multi-index rather than hash by hash.
    public var pdqProposalRadius = 31
    /// How near a reference's pHash must be for pHash to propose it, for the same reason.
    public var phashProposalRadius = 10
    /// How the references' embeddings are filed in cells so that a large corpus's nearest are
    /// found without comparing every one (below its `minimumCount`, every one is compared).
    public var embeddingListing = EmbeddingListing()
    /// The local-feature search.
    public var localFeatures = LocalFeatureSearch()
    /// What a query keypoint's code is weighed against before it votes: a fixed panel of codes
    /// of real images, so that a reference's votes do not depend on what else the corpus holds.
    public var voteBackground = VoteBackground.panel(CodePanels.standard)

    /// The defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case minimumVotes, verifiedByVotes, verifiedBesideCopy, embeddingBackground, backgroundLeavesOut, backgroundPrior,
             pastedPartZ, pdqProposalRadius, phashProposalRadius, embeddingListing, localFeatures, voteBackground
    }

    /// Reads settings as recorded; a run recorded before background panels (matching-v1)
    /// measured its background against the corpus, one recorded before code panels
    /// (matching-v3) weighed votes against the corpus, and one recorded before proposal radii and
    /// embedding cells (matching-v4) let each hash propose its nearest references at any distance
    /// and compared every embedding: each is read so.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        minimumVotes = try c.decode(Int.self, forKey: .minimumVotes)
        verifiedByVotes = try c.decode(Int.self, forKey: .verifiedByVotes)
        verifiedBesideCopy = try c.decode(Double.self, forKey: .verifiedBesideCopy)
        embeddingBackground = try c.decodeIfPresent(EmbeddingBackground.self, forKey: .embeddingBackground) ?? .corpus
        backgroundLeavesOut = try c.decodeIfPresent(Int.self, forKey: .backgroundLeavesOut) ?? 3
        backgroundPrior = try c.decode(BackgroundStatistics.self, forKey: .backgroundPrior)
        pastedPartZ = try c.decode(Float.self, forKey: .pastedPartZ)
        pdqProposalRadius = try c.decodeIfPresent(Int.self, forKey: .pdqProposalRadius) ?? 256
        phashProposalRadius = try c.decodeIfPresent(Int.self, forKey: .phashProposalRadius) ?? 64
        embeddingListing = try c.decodeIfPresent(EmbeddingListing.self, forKey: .embeddingListing) ?? .exhaustive
        localFeatures = try c.decode(LocalFeatureSearch.self, forKey: .localFeatures)
        voteBackground = try c.decodeIfPresent(VoteBackground.self, forKey: .voteBackground) ?? .corpus
    }
}

/// How a proposed reference is verified against the query.
public struct VerificationSettings: Codable, Sendable, Equatable {
    /// The smallest share of the reference's area that the features' agreement must span for
    /// the part of the query where it lies to be compared on its own; a smaller spot (a
    /// fragment blended into another picture) is judged by the whole overlap.
    public var smallestComparedPart: Float = 0.02
    /// The least share of the overlap that the agreeing part must span to speak for all of it.
    public var agreementShare: Float = 0.25
    /// The query's mirror image is matched too when its PDQ is closest mirrored and within this
    /// distance (or when it won local-feature votes mirrored).
    public var mirrorPDQDistance = 64
    /// Local-feature matching and the geometric fit (ratio test, inlier tolerance, the fewest
    /// inliers that make a match).
    public var geometry = GeometricVerifier()
    /// The aligned comparison of the pair.
    public var alignment = AlignedComparator()

    /// The defaults.
    public init() {}

    // Spelled so that snake case (`mirror_pdq_distance`) converts back to it.
    private enum CodingKeys: String, CodingKey {
        case smallestComparedPart, agreementShare, mirrorPDQDistance = "mirrorPdqDistance", geometry, alignment
    }
}
