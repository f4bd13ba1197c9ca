import PalimpsestTestSupport
import Testing

/// The PostgreSQL ledger, on a throwaway server started for these suites (initdb in a temporary
/// folder, listening on 127.0.0.1 only). Each test works in a database of its own.
///
/// Skipped, saying why, when Debian's PostgreSQL server programs are not installed: `make test`
/// installs them when it runs as root.
@Suite(
    "PostgreSQL ledger",
    .enabled(if: TemporaryPostgres.isAvailable, Comment(rawValue: "PostgreSQL tests skipped: \(TemporaryPostgres.unavailableReason ?? "")")),
    .temporaryPostgres
)
struct PostgresTests {
    /// The suite's server.
    static var server: TemporaryPostgres {
        get throws { try #require(TemporaryPostgres.current, "the suite's PostgreSQL server is not running") }
    }
}
