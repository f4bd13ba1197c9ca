import CPalimpsestKernels
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// The C kernels' portable versions (what a processor without AVX2 or POPCNT, or another
/// architecture, runs) against the fastest versions this processor has.
@Suite("Kernel versions", .serialized)
struct KernelVersionTests {
    @Test("the portable kernels give the same hashes and local features as the fastest ones, bit for bit",
          arguments: ["nasa-00.jpg", "art4apps-22.jpg", "alcohol-17.png"])
    func portableAgreesOnFingerprints(sample: String) throws {
        // Given a sample photo, illustration or drawing
        let raster = try RasterTransforms.sample(sample)
        // When it is fingerprinted with the fastest kernels, then with the portable ones
        let fastest = Self.fingerprints(raster)
        pal_kernels_use_portable(1)
        defer { pal_kernels_use_portable(0) }
        let portable = Self.fingerprints(raster)
        // Then every hash, keypoint and descriptor byte is the same
        #expect(portable.pdq == fastest.pdq)
        #expect(portable.hashes == fastest.hashes)
        #expect(portable.features == fastest.features)
        #expect(portable.features.count > 0)
    }

    @Test("the portable Hamming scan finds the same hashes at the same distances as the fastest one")
    func portableAgreesOnHammingScans() {
        var rng = SplitMix64(seed: 21)
        let stored = (0 ..< 9_000).map { _ in
            SIMD4<UInt64>(.random(in: 0 ... .max, using: &rng), .random(in: 0 ... .max, using: &rng),
                          .random(in: 0 ... .max, using: &rng), .random(in: 0 ... .max, using: &rng))
        }
        let query = Bits256(words: stored[4_321] ^ SIMD4(0xFF, 0, 1, 0))
        let fastest = stored.withUnsafeBufferPointer { HammingScan.matches(of: query, in: $0, within: 120) }
        pal_kernels_use_portable(1)
        defer { pal_kernels_use_portable(0) }
        let portable = stored.withUnsafeBufferPointer { HammingScan.matches(of: query, in: $0, within: 120) }
        #expect(portable == fastest)
        #expect(fastest.contains(HammingScan.Match(index: 4_321, distance: 9)))
    }

    private static func fingerprints(_ raster: Raster) -> (pdq: PDQFingerprint, hashes: HashCodes, features: LocalFeatures) {
        (PDQHasher().fingerprint(raster), ImageHasher().hashes(raster), LocalFeatureExtractor().extract(raster))
    }
}
