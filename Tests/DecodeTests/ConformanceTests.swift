import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport
import Testing

/// Checks every reference image in `../shared/conformance/originals` against the exact pixels
/// Pillow decoded for it (`pixels/*.png`, RGB, no EXIF rotation, alpha dropped). Skipped when
/// `shared/` is not beside the repository.
@Suite("Conformance with Pillow")
struct ConformanceTests {
    static var pairs: [String] {
        guard let shared = Fixtures.shared else { return [] }
        let pixels = shared.appendingPathComponent("conformance/pixels")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: pixels.path)) ?? []
        return names.filter { $0.hasSuffix(".png") }.sorted()
    }

    @Test(.enabled(if: Fixtures.shared != nil), arguments: pairs)
    func originalDecodesToPillowPixels(pixelsName: String) throws {
        let shared = try #require(Fixtures.shared)
        let stem = String(pixelsName.dropLast(4))
        let originals = shared.appendingPathComponent("conformance/originals")
        let original = try #require(
            try FileManager.default.contentsOfDirectory(atPath: originals.path)
                .first { ($0 as NSString).deletingPathExtension == stem })
        let ours = try ImageDecoder(options: pillowOptions)
            .decode(contentsOf: originals.appendingPathComponent(original).path)
        let pillow = try ImageDecoder(options: pillowOptions)
            .decode(contentsOf: shared.appendingPathComponent("conformance/pixels/\(pixelsName)").path)
        let same = ours.raster == pillow.raster
        #expect(same, "\(original) differs from Pillow's pixels")
    }
}
