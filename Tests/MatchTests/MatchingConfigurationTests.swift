import Foundation
import PalimpsestCore
import PalimpsestMatch
import Testing

/// The matching configuration names every number that can change a verdict, and its
/// fingerprint changes with each of them.
@Suite("Matching configuration")
struct MatchingConfigurationTests {
    /// Every number and Boolean in the configuration's JSON, by its path.
    static func numberPaths(_ value: Any, _ path: [String] = []) -> [[String]] {
        if let object = value as? [String: Any] {
            return object.keys.sorted().flatMap { numberPaths(object[$0]!, path + [$0]) }
        }
        if let array = value as? [Any] {
            return array.indices.flatMap { numberPaths(array[$0], path + [String($0)]) }
        }
        if value is NSNumber { return [path] }
        return []
    }

    /// Whether a value JSONSerialization read is `true` or `false` (which it also gives as NSNumber).
    static func isBoolean(_ value: Any) -> Bool {
        String(describing: type(of: value)).contains("Boolean") || type(of: value) == Bool.self
    }

    /// `value` with the number (or Boolean) at `path` changed.
    static func changing(_ value: Any, at path: ArraySlice<String>) -> Any {
        guard let key = path.first else {
            if isBoolean(value) { return !(value as! Bool) }
            let number = (value as! NSNumber).doubleValue
            return number == number.rounded() ? NSNumber(value: Int(number) + 1) : NSNumber(value: number * 1.5 + 0.01)
        }
        if var object = value as? [String: Any] {
            object[key] = changing(object[key]!, at: path.dropFirst())
            return object
        }
        var array = value as! [Any]
        array[Int(key)!] = changing(array[Int(key)!], at: path.dropFirst())
        return array
    }

    static var defaults: Any { try! JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(MatchingConfiguration())) }

    @Test func holdsEveryKnownDecisionNumber() {
        let paths = Set(Self.numberPaths(Self.defaults).map { $0.joined(separator: ".") })
        for expected in ["grading.flag_score", "grading.pdq_minimum_quality", "retrieval.minimum_votes", "retrieval.verified_by_votes",
                         "retrieval.verified_beside_copy", "retrieval.pasted_part_z", "retrieval.pdq_proposal_radius", "retrieval.phash_proposal_radius",
                         "retrieval.embedding_listing.probes", "retrieval.embedding_listing.minimum_count", "retrieval.background_prior.mean",
                         "retrieval.local_features.listing.maximum_lists", "retrieval.local_features.decisive_votes",
                         "verification.agreement_share", "verification.smallest_compared_part", "verification.mirror_pdq_distance",
                         "regions.max_regions", "scoring.pdq_only_midpoint", "scoring.verified.0",
                         "verification.geometry.minimum_inliers", "verification.alignment.working_size"] {
            #expect(paths.contains(expected), "\(expected)")
        }
    }

    @Test func changingAnyNumberChangesTheFingerprint() throws {
        let standard = MatchingConfiguration().fingerprint
        let defaults = Self.defaults
        let paths = Self.numberPaths(defaults)
        #expect(paths.count > 40)
        for path in paths {
            let changed = try JSONSerialization.data(withJSONObject: Self.changing(defaults, at: path[...]))
            let configuration = try JSONCoding.decoder.decode(MatchingConfiguration.self, from: changed)
            #expect(configuration.fingerprint != standard, "\(path.joined(separator: "."))")
        }
    }

    @Test func theFingerprintIsStableAcrossEncodings() throws {
        let configuration = MatchingConfiguration()
        let decoded = try JSONCoding.decoder.decode(MatchingConfiguration.self, from: JSONCoding.encoder(pretty: true).encode(configuration))
        #expect(decoded == configuration)
        #expect(decoded.fingerprint == configuration.fingerprint)
    }

    @Test func thePDQQualityRuleIsReadFromTheGradeRulesAlone() {
        var signals = Signals()
        signals.pdqDistance = 20
        signals.pdqQuality = 40
        var scorer = Scorer()
        #expect(scorer.score(signals) == 0)
        scorer.thresholds.pdqMinimumQuality = 30
        #expect(scorer.score(signals) > 0.9)
    }

    @Test("a run recorded before proposal radii and embedding cells is read as proposing each hash's nearest at any distance, every embedding compared")
    func matchingV4RecordsProposeAtAnyDistance() throws {
        var object = try #require(JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(MatchingConfiguration())) as? [String: Any])
        var retrieval = try #require(object["retrieval"] as? [String: Any])
        retrieval["pdq_proposal_radius"] = nil
        retrieval["phash_proposal_radius"] = nil
        retrieval["embedding_listing"] = nil
        object["retrieval"] = retrieval
        object["version"] = "matching-v4"
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)

        let recorded = try #require(MatchingConfiguration.recorded(json))
        #expect(recorded.retrieval.pdqProposalRadius == 256 && recorded.retrieval.phashProposalRadius == 64)
        #expect(recorded.retrieval.embeddingListing == .exhaustive)
        #expect(MatchingConfiguration().retrieval.pdqProposalRadius == 31)
    }

    @Test func aRunRecordedBeforeConfigurationsKeepsItsGradeRules() throws {
        var thresholds = Thresholds()
        thresholds.flagScore = 0.7
        let recorded = try #require(MatchingConfiguration.recorded(try JSONCoding.string(thresholds)))
        #expect(recorded.grading == thresholds)
        #expect(MatchingConfiguration.recorded("not json") == nil)
    }
}
