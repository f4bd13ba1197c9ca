import PalimpsestCore
import GRDB

extension Ledger {
    /// The ids of the images whose pixel MD5 (RGB or RGBA) is `md5`.
    ///
    /// - Parameter md5: 32 hex digits, in either case.
    public func imageIDs(withPixelMD5 md5: String) throws -> [Int64] {
        let key = md5.lowercased()
        return try store.read { tx in
            try tx.values(Int64.self, "SELECT id FROM image WHERE pixel_md5 = ? OR pixel_md5_rgba = ? ORDER BY id", [key, key])
        }
    }

    /// The pixel MD5s of the images with these ids, for those that have them.
    public func pixelMD5s(ofImages ids: [Int64]) throws -> [Int64: PixelMD5] {
        try store.read { tx in
            var out: [Int64: PixelMD5] = [:]
            for batch in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0 ..< min($0 + 500, ids.count)]) }) {
                let placeholders = batch.map { _ in "?" }.joined(separator: ",")
                let rows = try tx.rows("""
                    SELECT id, pixel_md5, pixel_md5_rgba FROM image WHERE pixel_md5 IS NOT NULL AND id IN (\(placeholders))
                    """, batch)
                for row in rows { out[row["id"]] = PixelMD5(rgb: row["pixel_md5"], rgba: row["pixel_md5_rgba"]) }
            }
            return out
        }
    }

    /// Whether the image with this SHA-256 is recorded without a pixel MD5 although it has at
    /// most `maxPixels` pixels (recorded before pixel MD5s existed, or first seen as a query).
    public func lacksPixelMD5(sha256: String, maxPixels: Int) throws -> Bool {
        try store.read { tx in
            try tx.value(Bool.self, """
                SELECT EXISTS(SELECT 1 FROM image WHERE sha256 = ? AND pixel_md5 IS NULL
                              AND width IS NOT NULL AND height IS NOT NULL AND width * height <= ?)
                """, [sha256, maxPixels]) ?? false
        }
    }

    /// Records the pixel MD5 of an image already in the ledger.
    public func record(_ digest: PixelMD5, forImageWithSHA256 sha256: String) throws {
        try store.write { tx in
            try tx.execute("UPDATE image SET pixel_md5 = ?, pixel_md5_rgba = ? WHERE sha256 = ?", [digest.rgb, digest.rgba, sha256])
        }
    }
}
