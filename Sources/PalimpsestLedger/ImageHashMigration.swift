import PalimpsestCore

/// The migration that moves the perceptual hashes (all but PDQ) out of `image`'s columns into
/// `image_hash`, one row per image and hash, keyed by the hash's name: a hash added to
/// Palimpsest's registry needs no new column, in SQLite or PostgreSQL. Written once in SQL both
/// databases accept.
///
/// PDQ keeps its columns on `image` (`pdq`, `pdq_quality`, `pdq_dihedral`): it carries a quality
/// and the hashes of the image's dihedral transforms, names hash-only references
/// (`pdq:<hex>`) and orders hash-list exports.
enum ImageHashMigration {
    /// The migration's name.
    static let identifier = "v9-image-hash"

    /// The hash columns the migration moves.
    static let movedColumns = ["ahash", "dhash", "phash", "whash", "colorhash"]

    /// The statements.
    static var statements: [String] {
        [
            """
            CREATE TABLE image_hash (image_id BIGINT NOT NULL REFERENCES image(id) ON DELETE CASCADE, name TEXT NOT NULL,
              code TEXT NOT NULL, PRIMARY KEY (image_id, name))
            """,
        ]
            + movedColumns.map { "INSERT INTO image_hash (image_id, name, code) SELECT id, '\($0)', \($0) FROM image WHERE \($0) IS NOT NULL" }
            + movedColumns.map { "ALTER TABLE image DROP COLUMN \($0)" }
    }
}
