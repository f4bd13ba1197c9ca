import PalimpsestCore
import PalimpsestTestSupport
import Testing

/// The PostgreSQL ledger, on a throwaway server started for these suites (initdb in a temporary
/// folder, listening on 127.0.0.1 only). Each test works in a database of its own.
///
/// Skipped, saying why, when Debian's PostgreSQL server programs are not installed (`make test`
/// installs them when it runs as root) or the server does not start.
@Suite(
    "PostgreSQL ledger",
    .enabled(if: TemporaryPostgres.isAvailable, "PostgreSQL is not installed or its server did not start: the reason is printed above"),
    .temporaryPostgres
)
struct PostgresTests {
    /// The suite's server.
    static var server: TemporaryPostgres {
        get throws { try #require(TemporaryPostgres.current, "the suite's PostgreSQL server is not running") }
    }
}
