import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint
import Testing

/// A row of the reference tables (`pdq.tsv`, `imagehash.tsv`, or the committed fixtures'
/// `expected.tsv`, which has the columns of both): column name to value.
struct ReferenceRow: Sendable, CustomTestStringConvertible {
    let fields: [String: String]
    /// The folder the row's paths are relative to.
    let folder: URL

    subscript(_ column: String) -> String? {
        fields[column].flatMap { $0.isEmpty ? nil : $0 }
    }

    var testDescription: String { (fields["original"] ?? "?").components(separatedBy: "/").last ?? "?" }

    /// The PDQ columns in ``Dihedral`` order.
    static let dihedralColumns = Dihedral.allCases.map { "dih_" + $0.name }

    /// The ImageHash columns with our value for each.
    static let imageHashColumns: [(column: String, value: @Sendable (HashCodes) -> String)] =
        [("ahash", "ahash"), ("dhash", "dhash"), ("phash", "phash"), ("whash_haar", "whash"), ("colorhash", "colorhash")]
            .map { column, name in (column, { $0[name]?.hex ?? "" }) }

    /// Decodes the file named in `column` exactly as Pillow's reference pixels were made: full
    /// resolution, no EXIF rotation, alpha dropped.
    func decode(_ column: String) throws -> Raster {
        let path = folder.appendingPathComponent(try requireColumn(column)).path
        return try ImageDecoder(options: Self.pillowOptions).decode(contentsOf: path).raster
    }

    static let pillowOptions = DecodeOptions(minimumShortSide: nil, applyOrientation: false, alpha: .drop)

    private func requireColumn(_ column: String) throws -> String {
        guard let value = self[column] else { throw MissingColumn(column: column) }
        return value
    }

    struct MissingColumn: Error { let column: String }
}

/// Reads a tab-separated table with a header line.
enum ReferenceTable {
    static func load(_ file: URL) -> [ReferenceRow] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        guard let header = lines.first else { return [] }
        let folder = file.deletingLastPathComponent()
        return lines.dropFirst().map { ReferenceRow(fields: Dictionary(uniqueKeysWithValues: zip(header, $0)), folder: folder) }
    }
}
