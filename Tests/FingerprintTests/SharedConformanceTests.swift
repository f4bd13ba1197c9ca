import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// The full reference suite in `../shared/conformance` (52 PDQ rows with Pillow's pixels, 83
/// ImageHash rows on the original files). Each test prints its agreement table and checks the
/// acceptance criteria; today every value is exact.
@Suite(
    "Conformance on shared/conformance",
    .enabled(if: Fixtures.shared != nil, "skipped: ../shared/conformance is not beside the repository")
)
struct SharedConformanceTests {
    static var folder: URL? { Fixtures.shared?.appendingPathComponent("conformance") }

    /// Agreement of one column over all rows.
    struct Agreement: CustomStringConvertible {
        let column: String
        var rows = 0
        var exact = 0
        var maximum = 0
        var misses: [String] = []

        mutating func add(_ distance: Int, row: String) {
            rows += 1
            if distance == 0 { exact += 1 } else { misses.append("\(row) (\(distance))") }
            maximum = max(maximum, distance)
        }

        var fraction: Double { rows == 0 ? 0 : Double(exact) / Double(rows) }

        var description: String {
            let percent = String(format: "%.1f", 100 * fraction)
            return "\(column): \(exact)/\(rows) exact (\(percent) %), max \(maximum)"
                + (misses.isEmpty ? "" : "; differ: " + misses.joined(separator: ", "))
        }
    }

    /// PDQ from the original files, decoded by our decoder as Pillow did (no EXIF rotation,
    /// alpha dropped): on every row of quality ≥ 80, within 4 bits at full resolution and within
    /// 10 bits with the default DCT-scaled decoding (Meta's criterion for ports).
    @Test(arguments: [(nil, 4), (384, 10)] as [(Int?, Int)])  // 384: AnalysisOptions.defaultShortSide
    func pdqFromOriginals(shortSide: Int?, tolerance: Int) throws {
        let folder = try #require(Self.folder)
        let rows = ReferenceTable.load(folder.appendingPathComponent("pdq.tsv"))
            .filter { (Int($0["quality"] ?? "") ?? 0) >= 80 }
        #expect(rows.count >= 60)
        var agreement = Agreement(column: shortSide == nil ? "pdq, full resolution" : "pdq, scaled decoding")
        for row in rows {
            var options = ReferenceRow.pillowOptions
            options.minimumShortSide = shortSide
            let path = folder.appendingPathComponent(try #require(row["original"])).path
            let fingerprint = PDQHasher().fingerprint(try ImageDecoder(options: options).decode(contentsOf: path).raster)
            let reference = try #require(row["pdq"].flatMap { Bits256(hex: $0) })
            agreement.add(fingerprint.hash.distance(to: reference), row: row.testDescription)
        }
        print("PDQ from originals, quality >= 80, \(agreement)")
        #expect(agreement.maximum <= tolerance, "\(agreement)")
    }

    /// Every row of `pdq.tsv` that has a `pixels` PNG: the hash and each dihedral hash equal the
    /// reference on at least 95 % of rows and are within 4 bits on all; quality within 2.
    @Test func pdqFromPillowPixels() throws {
        let folder = try #require(Self.folder)
        let rows = ReferenceTable.load(folder.appendingPathComponent("pdq.tsv")).filter { $0["pixels"] != nil }
        #expect(rows.count >= 50)
        var agreements = (["pdq"] + ReferenceRow.dihedralColumns).map { Agreement(column: $0) }
        var quality = Agreement(column: "quality")
        for row in rows {
            let fingerprint = PDQHasher().fingerprint(try row.decode("pixels"))
            let ours = [fingerprint.hash] + fingerprint.dihedral
            for (i, column) in (["pdq"] + ReferenceRow.dihedralColumns).enumerated() {
                let reference = try #require(row[column].flatMap { Bits256(hex: $0) })
                agreements[i].add(ours[i].distance(to: reference), row: row.testDescription)
            }
            quality.add(abs(fingerprint.quality - (row["quality"].flatMap { Int($0) } ?? -100)), row: row.testDescription)
        }
        print("PDQ conformance on \(rows.count) rows:\n  " + (agreements + [quality]).map(\.description).joined(separator: "\n  "))
        for agreement in agreements {
            #expect(agreement.fraction >= 0.95, "\(agreement)")
            #expect(agreement.maximum <= 4, "\(agreement)")
        }
        #expect(quality.maximum <= 2, "\(quality)")
    }

    /// Every row of `imagehash.tsv`, computed on the original file (no EXIF rotation, alpha
    /// dropped): ahash, dhash, phash and whash within 4 of 64 bits on at least 95 % of rows,
    /// colorhash exact on at least 90 %.
    @Test func imageHashesFromOriginals() throws {
        let folder = try #require(Self.folder)
        let rows = ReferenceTable.load(folder.appendingPathComponent("imagehash.tsv"))
        #expect(rows.count >= 80)
        var agreements = ReferenceRow.imageHashColumns.map { Agreement(column: $0.column) }
        var within4 = [Int](repeating: 0, count: agreements.count)
        for row in rows {
            let hashes = ImageHasher().hashes(try row.decode("original"))
            for (i, (column, value)) in ReferenceRow.imageHashColumns.enumerated() {
                let reference = try #require(row[column])
                let distance: Int
                if column == "colorhash" {
                    distance = value(hashes) == reference ? 0 : 1
                } else {
                    distance = try #require(Hash64(hex: reference)).distance(to: try #require(Hash64(hex: value(hashes))))
                }
                agreements[i].add(distance, row: row.testDescription)
                if distance <= 4 { within4[i] += 1 }
            }
        }
        print("ImageHash conformance on \(rows.count) rows:\n  " + agreements.map(\.description).joined(separator: "\n  "))
        for (i, agreement) in agreements.enumerated() {
            if agreement.column == "colorhash" {
                #expect(agreement.fraction >= 0.90, "\(agreement)")
            } else {
                #expect(Double(within4[i]) >= 0.95 * Double(agreement.rows), "\(agreement)")
            }
        }
    }

    /// ImageHash's `dhash_vertical`, whose reference values for the shared originals are
    /// committed (`Tests/Fixtures/conformance/dhash_vertical.tsv`): every one exact.
    @Test func verticalDifferenceHashFromOriginals() throws {
        let folder = try #require(Self.folder)
        let rows = ReferenceTable.load(Fixtures.url("conformance/dhash_vertical.tsv"))
        var agreement = Agreement(column: "dhash_vertical")
        for row in rows {
            let original = try #require(row["original"])
            let path = folder.appendingPathComponent(original).path
            guard FileManager.default.isReadableFile(atPath: path) else { continue }
            let raster = try ImageDecoder(options: ReferenceRow.pillowOptions).decode(contentsOf: path).raster
            let ours = try #require(ImageHasher().hashes(raster)[VerticalDifferenceHash()].flatMap { Hash64(hex: $0.hex) })
            let reference = try #require(row["dhash_vertical"].flatMap { Hash64(hex: $0) })
            agreement.add(ours.distance(to: reference), row: row.testDescription)
        }
        print("ImageHash conformance on originals, \(agreement)")
        #expect(agreement.rows >= 83)
        #expect(agreement.exact == agreement.rows, "\(agreement)")
    }
}
