import PalimpsestCore
import PalimpsestFingerprint
import Testing

/// Rasters drawn from formulas, with the values the reference implementations give for them
/// (`pdqhash` 0.2.8, and ImageHash 4.3.2 with Pillow 13.0.0 and SciPy 1.17, on the same
/// pixels). They reach paths the photographs do not: upscaling, a 64×64 input (no PDQ filter),
/// tall images (Pillow resamples vertically first), a 1×1 input, a very wide strip, and flat
/// images whose wavelet-hash sums and DCT coefficients tie.
@Suite("Synthetic rasters against the references")
struct SyntheticReferenceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let raster: @Sendable () -> Raster
        let quality: Int
        /// PDQ original, rotate90 and rotate180.
        let pdq: [String]
        /// ahash, dhash, phash, whash, colorhash.
        let imageHash: [String]
        var testDescription: String { name }
    }

    /// `(x·7 + y·3, x·y, (x ^ y)·5)` modulo 256.
    static func pattern(_ width: Int, _ height: Int) -> Raster {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(width * height * 3)
        for y in 0 ..< height {
            for x in 0 ..< width {
                bytes += [UInt8((x * 7 + y * 3) & 255), UInt8((x * y) & 255), UInt8(((x ^ y) * 5) & 255)]
            }
        }
        return Raster(width: width, height: height, bytes: bytes)
    }

    /// A filled background with filled rectangles `(x0, y0, x1, y1, colour)`.
    static func flat(
        _ width: Int, _ height: Int, background: (UInt8, UInt8, UInt8),
        _ boxes: [(Int, Int, Int, Int, (UInt8, UInt8, UInt8))]
    ) -> Raster {
        var raster = Raster(width: width, height: height, filledWith: background)
        for (x0, y0, x1, y1, colour) in boxes {
            for y in y0 ..< y1 {
                for x in x0 ..< x1 {
                    let i = (y * width + x) * 3
                    raster.bytes[i] = colour.0
                    raster.bytes[i + 1] = colour.1
                    raster.bytes[i + 2] = colour.2
                }
            }
        }
        return raster
    }

    static let cases: [Case] = [
        Case(name: "pattern 97×61", raster: { pattern(97, 61) }, quality: 100, pdq: [
            "3ce371c770c7c08e8787870e078f1d1e7c3ef83e407e805c06b83cdae9b0bfe0",
            "1c538f1de0c71c3a81c770720e09a0fcfa0f1fca80ebfe0117fc800bffe411ff",
            "69b6db6d25926a24d2d22d2542dab7b4296b5294152b2af653ed9674bce5154a",
        ], imageHash: ["256d4d49dbdb92b2", "c9d99b9bb3b63666", "8803073d1e1f3e7e", "246d4d4b4bdb92b2", "00000008000"]),
        Case(name: "pattern 5×7 (upscaled)", raster: { pattern(5, 7) }, quality: 4, pdq: [
            "94a56e5b6b5a91a4695a4b5a358c91a4695a4a5b96a56a5bcb72b4a594a56e5b",
            "912e93266ad56cd96cd93d886c79c07793269326912e93266ed16cd96cd93f88",
            "c1f0c4f13e0f3b0e3e0fe1f060d93b0e3c0fc4f1c3f0c4f19e271e0fc1f0c4f1",
        ], imageHash: ["000103070f1f3f3f", "fffbefeffffcfeff", "866dd75a2524d2e6", "010307071f3f3f3f", "38000000000"]),
        Case(name: "pattern 64×64 (no PDQ filter)", raster: { pattern(64, 64) }, quality: 100, pdq: [
            "9999331b6713c6338c63386370e3e186038f1e0e6a0ed41ec07c03d47fbcfff8",
            "991bccc4676339ac8c67c72c70f71e788787e0723e1b07e0c0fbfc017ff0001f",
            "cccc99b132666cd9d926924925b24b6d529ab4a53f5b7c949529a17eaae95552",
        ], imageHash: ["1133736766c6dcdc", "f7e7afcede9ebc39", "800f1e151f3e7d78", "10336367e6c6dc9c", "00000009000"]),
        Case(name: "pattern 3000×9", raster: { pattern(3000, 9) }, quality: 100, pdq: [
            "ac5702aa0bf53c0030000aaafc00f55503fff555edffc3fff22afd5553ff0000",
            "837cfc811b6ce4b1b6246c9b649adf0964b2df0964bafe0904badf0904baff09",
            "d900a80a5e8096aa6555a000a9555eaa56aa5fffb8aa6955a77f57ff06aaaaaa",
        ], imageHash: ["00ffffffffffffff", "80a28485a082a181", "8000007c7e3f7f7f", "007f043d5f5f5f00", "01000000001"]),
        Case(name: "pattern 7×64 (vertical pass first)", raster: { pattern(7, 64) }, quality: 92, pdq: [
            "952a92d26925f6d2952a6ad594da952a6ad5952a92d66ad5952a92d6692dc6db",
            "db6dcb6c04922493249264b654b556b556b5a94aa94aa94a8b4bdb49db6ddb6c",
            "c07f38785c705c78c07fc07fc18f3f803f803f80c783c07fc07f387c3c786c71",
        ], imageHash: ["0000030f1f3f3f3d", "fffffffffffcf8f9", "936c5bb42b54b42b", "0000071f3f7f3f3d", "09000408010"]),
        Case(name: "pattern 60×200 (vertical pass first)", raster: { pattern(60, 200) }, quality: 100, pdq: [
            "787efb52f62c843cf06e403e05ec89d00a9d2ffc7ba4feecefb26c82ee908000",
            "791303c0e87e1781c1fecd0160fabc9703fc30afbe782a15bed0010fcc0cff5f",
            "2d2b51f8a3796e96ad3bea5450b9237a5bc885562ae15446aae75628bbc52aaa",
        ], imageHash: ["31639c3963ce1c73", "e78e38f3cf9c71e7", "80250f272f1f5e1f", "11639c3967ce1c73", "00000000000"]),
        Case(name: "pattern 1×1", raster: { pattern(1, 1) }, quality: 0, pdq: [
            String(repeating: "0", count: 64), String(repeating: "0", count: 64), String(repeating: "0", count: 64),
        ], imageHash: ["0000000000000000", "0000000000000000", "0000000000000000", "0000000000000000", "38000000000"]),
        Case(
            name: "flat 300×200 (tied wavelet sums)",
            raster: { flat(300, 200, background: (240, 240, 240), [(100, 50, 150, 100, (200, 30, 40)), (0, 133, 60, 200, (20, 60, 200))]) },
            quality: 62, pdq: [
                "3e0f83b060e67cc7833883389f1f60e6c1f03e1f64e660e63e1f933983b87c0f",
                "4c860e4eb1796db292496c960e4eb17971b28e4f6db631318e4f4c86b3796db2",
                "6b4a291a35b3d66dd66d29924a4aca4c94a594b531b3ca4c6b4a3993d6edd6a5",
            ], imageHash: ["ffffcfcfff3f3f3f", "20189a9a18c0d0d0", "83f80eccf83331f8", "1c0c04040f0f0f0f", "07000000183"]
        ),
    ]

    /// The hashes the cases give, in the order of their `imageHash` values.
    static let imageHashNames = ["ahash", "dhash", "phash", "whash", "colorhash"]

    @Test(arguments: cases)
    func matchesTheReferences(_ reference: Case) {
        let raster = reference.raster()
        let pdq = PDQHasher().fingerprint(raster)
        #expect(pdq.quality == reference.quality)
        #expect(pdq.hash.hex == reference.pdq[0])
        #expect(pdq.hash(for: .rotate90).hex == reference.pdq[1])
        #expect(pdq.hash(for: .rotate180).hex == reference.pdq[2])
        let hashes = ImageHasher().hashes(raster)
        let ours = Self.imageHashNames.map { hashes[$0]?.hex ?? "none" }
        #expect(ours == reference.imageHash)
    }

    /// A white image with one black box: many of its DCT coefficients are equal in exact
    /// arithmetic, so which of them pass the median depends on SciPy's FFT rounding, which
    /// ``PocketDCT`` reproduces.
    @Test func exactTiesInThePerceptualHashFollowSciPy() {
        let raster = Self.flat(80, 70, background: (255, 255, 255), [(10, 10, 50, 30, (0, 0, 0))])
        let hashes = ImageHasher().hashes(raster)
        let ours = Self.imageHashNames.map { hashes[$0]?.hex ?? "none" }
        #expect(ours == ["ff878787ffffffff", "002d0d2d000c0000", "b636c1c1c9c936d0", "8703030300000000", "0e000000000"])
        #expect(PDQHasher().fingerprint(raster).hash.hex
            == "000041363641be494136413e493e4936b6c1493e4936364136c13e41364949b6")
    }

    @Test func emptyRasterHashesToZero() {
        let empty = Raster(width: 0, height: 0, bytes: [])
        let hashes = ImageHasher().hashes(empty)
        #expect(hashes["ahash"] == Hash64(0).code && hashes["whash"] == Hash64(0).code && hashes["colorhash"] == ColorHash(0).code)
        let pdq = PDQHasher().fingerprint(empty)
        #expect(pdq.quality == 0 && pdq.dihedral.allSatisfy { $0 == .zero })
    }
}
