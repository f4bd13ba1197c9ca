import Foundation
import GRDB
import Palimpsest
@testable import PalimpsestLedger
import PalimpsestTestSupport
import Testing

/// Ledgers recorded when each perceptual hash had a column of its own are moved to the
/// `image_hash` table when opened, keeping every code.
@Suite("Image hash migration")
struct ImageHashMigrationTests {
    @Test func codesInTheOldColumnsAreKeptWhenTheLedgerIsOpened() throws {
        // Given a ledger made before the migration, holding one image with five hash columns
        let directory = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try LedgerMigrations.migrator.migrate(queue, upTo: CorpusRevision.migrationIdentifier)
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO corpus (id, name, kind, created_at) VALUES (1, 'old', 'training', 'then');
                INSERT INTO image (id, sha256, format, width, height, pdq, pdq_quality, ahash, dhash, phash, whash, colorhash, first_seen)
                  VALUES (1, 'aa', 'png', 8, 8, '\(String(repeating: "0f", count: 32))', 90, '00000000000000ff', '0f0f0f0f0f0f0f0f',
                          'f0f0f0f0f0f0f0f0', 'ffff0000ffff0000', '07000000183', 'then');
                INSERT INTO corpus_member (corpus_id, image_id, path, added_at) VALUES (1, 1, 'old.png', 'then');
                """)
        }
        try queue.close()

        // When it is opened
        let ledger = try Ledger(path: path)

        // Then every code reads back by name, and the columns are gone
        let reference = try #require(try ledger.references(inCorpora: ["old"]).first)
        #expect(reference.hashCodes == [
            "ahash": HashCode(hex: "00000000000000ff"), "dhash": HashCode(hex: "0f0f0f0f0f0f0f0f"),
            "phash": HashCode(hex: "f0f0f0f0f0f0f0f0"), "whash": HashCode(hex: "ffff0000ffff0000"),
            "colorhash": HashCode(hex: "07000000183"),
        ])
        let columns = try DatabaseQueue(path: path).read { db in try db.columns(in: "image").map(\.name) }
        #expect(columns.allSatisfy { !ImageHashMigration.movedColumns.contains($0) })
        #expect(try ledger.appliedMigrations().contains(ImageHashMigration.identifier))
    }
}
