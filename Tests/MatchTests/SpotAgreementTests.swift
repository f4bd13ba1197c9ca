import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// When local features agree only in a spot of an unrelated picture (a fragment of a reference
/// blended in, as image-to-image tools do with foreign content), the pair is judged by its whole
/// overlap, not by the spot alone: a small fragment is no copy at all, a larger one a partial copy.
@Suite("Verification: agreement in a spot")
struct SpotAgreementTests {
    static let extractor = LocalFeatureExtractor()

    /// The candidate a 480×360 picture `host` makes against the 480×360 photo `photo` once
    /// verified, with the block `box` of the photo copied into the picture at the same place.
    static func blockInPicture(_ host: String, _ box: PixelRect, of photo: String) throws -> Candidate {
        let reference = RasterTransforms.resized(try RasterTransforms.sample(photo), width: 480, height: 360)
        let background = RasterTransforms.resized(try RasterTransforms.sample(host), width: 480, height: 360)
        let block = RasterTransforms.cropped(reference, x: box.x, y: box.y, width: box.width, height: box.height)
        return verified(RasterTransforms.pasted(block, into: background, x: box.x, y: box.y), against: reference)
    }

    /// The area of a region given as fractions (x0, y0, x1, y1).
    static func area(_ r: [Float]) -> Float { (r[2] - r[0]) * (r[3] - r[1]) }

    /// The candidate `query` makes against `reference` once verified.
    static func verified(_ query: Raster, against reference: Raster) -> Candidate {
        let view = { (raster: Raster) in VerificationView(raster: raster, features: extractor.extract(raster)) }
        var signals = Signals()
        CandidateVerifier().verify(query: view(query), reference: view(reference), signals: &signals)
        return Scorer().candidate(at: 0, signals: signals)
    }

    @Test("a fragment whose agreeing features span under 2% of the reference is not a copy")
    func smallFragmentIsNotACopy() throws {
        // Given a 120×90 block of a photo copied into an unrelated picture, verified against the photo
        let candidate = try Self.blockInPicture("art4apps-22.jpg", PixelRect(x: 300, y: 60, width: 120, height: 90), of: "nasa-07.jpg")
        // Then the features agree in a spot of the block, and the pair is not flagged
        let geometry = try #require(candidate.signals.geometry)
        #expect(Self.area(geometry.referenceRegion) < VerificationSettings().smallestComparedPart)
        #expect(candidate.grade == .none, "grade \(candidate.grade), score \(candidate.score)")
    }

    @Test("a larger part of the reference in a spot of an unrelated picture grades partial")
    func largerSpotIsPartial() throws {
        // Given a 120×90 block of a photo copied into another photo, verified against the first
        let candidate = try Self.blockInPicture("nasa-09.jpg", PixelRect(x: 200, y: 160, width: 120, height: 90), of: "nasa-07.jpg")
        // Then the block is found and the pair is a partial copy, not a copy of the whole
        let geometry = try #require(candidate.signals.geometry)
        #expect(Self.area(geometry.referenceRegion) >= VerificationSettings().smallestComparedPart)
        #expect(candidate.grade == .partial, "grade \(candidate.grade), score \(candidate.score)")
        let alignment = try #require(candidate.signals.alignment)
        #expect(alignment.queryCoverage < 0.2 && alignment.referenceCoverage < 0.2)
    }

    @Test("a whole copy whose features cluster in a spot is still a copy of the whole")
    func clusteredFeaturesOfAWholeCopy() throws {
        // Given a smooth gradient with a photo's 120×90 block at its centre (the only place with
        // local features), and a copy of it resized to 400×300
        var smooth = [UInt8](repeating: 0, count: 480 * 360 * 3)
        for i in 0 ..< 480 * 360 {
            let (x, y) = (i % 480, i / 480)
            smooth[i * 3] = UInt8(60 + x / 4)
            smooth[i * 3 + 1] = UInt8(80 + y / 3)
            smooth[i * 3 + 2] = UInt8(200 - x / 5)
        }
        let photo = RasterTransforms.resized(try RasterTransforms.sample("nasa-00.jpg"), width: 480, height: 360)
        let block = RasterTransforms.cropped(photo, x: 180, y: 140, width: 120, height: 90)
        let reference = RasterTransforms.pasted(block, into: Raster(width: 480, height: 360, bytes: smooth), x: 180, y: 140)
        let query = RasterTransforms.resized(reference, width: 400, height: 300)
        // When verified
        let candidate = Self.verified(query, against: reference)
        // Then the features agree in the block only, yet the whole pair is a near-duplicate
        let geometry = try #require(candidate.signals.geometry)
        #expect(Self.area(geometry.queryRegion) < VerificationSettings().agreementShare)
        #expect(candidate.grade == .nearDuplicate, "grade \(candidate.grade)")
        #expect(candidate.signals.alignment?.queryCoverage ?? 0 > 0.95)
    }
}
