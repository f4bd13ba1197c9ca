import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestTestSupport
import Testing

/// The committed reference images (`Tests/Fixtures/conformance`, see its NOTICE): every hash
/// must equal the reference exactly.
@Suite("Conformance on committed fixtures")
struct FixtureConformanceTests {
    static let rows = ReferenceTable.load(Fixtures.url("conformance/expected.tsv"))

    @Test func fixturesArePresent() {
        #expect(Self.rows.count == 6)
    }

    @Test(arguments: rows)
    func pdqMatchesTheReference(_ row: ReferenceRow) throws {
        // Given Pillow's pixels (the committed PNG, or the decoded original)
        let raster = try row.decode(row["pixels"] != nil ? "pixels" : "original")
        #expect("\(raster.width)x\(raster.height)" == "\(row["width"] ?? "")x\(row["height"] ?? "")")
        // When hashed
        let fingerprint = PDQHasher().fingerprint(raster)
        // Then hash, quality and all eight dihedral hashes are the reference's
        #expect(fingerprint.hash.hex == row["pdq"])
        #expect(String(fingerprint.quality) == row["quality"])
        for (transform, column) in zip(Dihedral.allCases, ReferenceRow.dihedralColumns) {
            #expect(fingerprint.hash(for: transform).hex == row[column], "\(transform.name)")
        }
    }

    @Test(arguments: rows)
    func imageHashesMatchTheReference(_ row: ReferenceRow) throws {
        let hashes = ImageHasher().hashes(try row.decode("original"))
        for (column, value) in ReferenceRow.imageHashColumns {
            #expect(value(hashes) == row[column], "\(column)")
        }
    }

    /// ImageHash's `dhash_vertical` on the committed originals (`dhash_vertical.tsv`, made by the
    /// script beside it).
    static let verticalRows = ReferenceTable.load(Fixtures.url("conformance/dhash_vertical.tsv"))
        .filter { $0["original"].map { Fixtures.url("conformance/" + $0).isFileReadable } ?? false }

    @Test func verticalDifferenceHashHasARowForEveryCommittedOriginal() {
        #expect(Self.verticalRows.count == 6)
    }

    @Test(arguments: verticalRows)
    func verticalDifferenceHashMatchesTheReference(_ row: ReferenceRow) throws {
        let hashes = ImageHasher().hashes(try row.decode("original"))
        #expect(hashes[VerticalDifferenceHash()]?.hex == row["dhash_vertical"])
    }
}

extension URL {
    /// Whether a readable file is there.
    var isFileReadable: Bool { FileManager.default.isReadableFile(atPath: path) }
}
