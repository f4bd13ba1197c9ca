import Foundation
import Palimpsest
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// The committed JSON Schema of `report.json` describes exactly the registered perceptual hashes
/// (`make schemas` writes those parts from the registry).
@Suite("Report schema")
struct ReportSchemaTests {
    static func definitions() throws -> [String: Any] {
        let data = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Schemas/report-v1.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(schema["$defs"] as? [String: Any])
    }

    @Test func signalsHaveADistanceForEveryRegisteredHashAndNoOther() throws {
        let signals = try #require((try Self.definitions()["signals"] as? [String: Any])?["properties"] as? [String: Any])
        for hash in PerceptualHashes.all {
            let property = try #require(signals[hash.name + "_distance"] as? [String: Any], "\(hash.name)")
            #expect(property["maximum"] as? Int == hash.maxDistance, "\(hash.name)")
        }
        let distances = Set(signals.keys.filter { $0.hasSuffix("_distance") })
        #expect(distances == Set(PerceptualHashes.names.map { $0 + "_distance" } + ["pdq_distance"]))
    }

    @Test func fingerprintsHaveAKeyForEveryRegisteredHash() throws {
        let image = try #require((try Self.definitions()["image"] as? [String: Any])?["properties"] as? [String: Any])
        let fingerprints = try #require((image["fingerprints"] as? [String: Any])?["properties"] as? [String: Any])
        #expect(Set(fingerprints.keys) == Set(PerceptualHashes.names + ["pdq", "pdq_quality", "pdq_dihedral", "embedder"]))
    }

    @Test func aReportsFingerprintsCarryEveryRegisteredHashUnderItsName() throws {
        let set = ScanReport.FingerprintSet(pdq: nil, pdqQuality: nil, pdqDihedral: nil,
                                            hashes: ["dhash_vertical": HashCode(hex: "00ff"), "phash": HashCode(hex: "ff00")],
                                            embedder: "layout-v1")
        let data = try JSONCoding.encoder().encode(set)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["dhash_vertical"] as? String == "00ff" && object["phash"] as? String == "ff00")
        let decoded = try JSONCoding.decoder.decode(ScanReport.FingerprintSet.self, from: data)
        #expect(decoded.hashes == set.hashes && decoded.embedder == "layout-v1")
    }
}
