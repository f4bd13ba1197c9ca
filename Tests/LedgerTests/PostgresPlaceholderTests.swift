@testable import PalimpsestLedger
import PalimpsestCore
import Testing

/// The ledger's statements use `?` placeholders; PostgreSQL's are numbered.
@Suite("PostgreSQL placeholders")
struct PostgresPlaceholderTests {
    @Test("each ? outside quotes becomes $1, $2, …; quoted text and other characters are kept")
    func numbering() {
        #expect(PostgresTransaction.numberingPlaceholders("SELECT id FROM image WHERE sha256 = ? AND pdq = ?")
            == "SELECT id FROM image WHERE sha256 = $1 AND pdq = $2")
        #expect(PostgresTransaction.numberingPlaceholders("SELECT '?', \"a?b\", ? -- é ?")
            == "SELECT '?', \"a?b\", $1 -- é $2")
        let many = Array(repeating: "(?, ?)", count: 1_000).joined(separator: ", ")
        let numbered = PostgresTransaction.numberingPlaceholders(many)
        #expect(numbered.hasPrefix("($1, $2), ($3, $4)"))
        #expect(numbered.hasSuffix("($1999, $2000)"))
    }
}
