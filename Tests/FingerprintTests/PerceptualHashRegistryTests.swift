import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// The registry of perceptual hashes is the one place a hash is added: these tests hold every
/// entry to what the ledger, the reports and the schemas assume of it.
@Suite("Perceptual hash registry")
struct PerceptualHashRegistryTests {
    static let raster = try! ReferenceRow(fields: ["original": "originals/reg-test-input__labelme-subset__q0003.jpg"],
                                          folder: Fixtures.url("conformance")).decode("original")

    @Test func namesAreUniqueAndUsableAsKeys() {
        let names = PerceptualHashes.names
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil, "\(name)")
            #expect(!["pdq", "pdq_quality", "pdq_dihedral", "embedder", "sha256"].contains(name), "\(name) is taken")
        }
    }

    @Test(arguments: PerceptualHashes.names)
    func everyHashDescribesItself(_ name: String) throws {
        let hash = try #require(PerceptualHashes.named(name))
        #expect(!hash.label.isEmpty && !hash.summary.isEmpty)
        #expect(hash.bitCount > 0 && hash.maxDistance >= hash.bitCount)
    }

    @Test(arguments: PerceptualHashes.names)
    func everyHashCodesARealImageAndMeasuresDistances(_ name: String) throws {
        let hash = try #require(PerceptualHashes.named(name))
        let codes = ImageHasher().hashes(Self.raster)
        let code = try #require(codes[name])
        let inverted = Raster(width: Self.raster.width, height: Self.raster.height, bytes: Self.raster.bytes.map { 255 - $0 })
        let other = try #require(ImageHasher().hashes(inverted)[name])
        #expect(hash.distance(between: code, and: code) == 0)
        let apart = try #require(hash.distance(between: code, and: other))
        #expect(apart > 0 && apart <= hash.maxDistance)
        #expect(hash.distance(between: code, and: HashCode(hex: "not hex")) == nil)
    }

    @Test func hashCodesListTheRegistryInOrder() {
        let codes = ImageHasher().hashes(Self.raster)
        #expect(codes.map(\.name) == PerceptualHashes.names)
    }
}
