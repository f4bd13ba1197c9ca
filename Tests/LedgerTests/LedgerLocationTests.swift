import PalimpsestCore
import PalimpsestLedger
import Testing

/// `--ledger` and `PALIMPSEST_LEDGER` take a SQLite file path or a PostgreSQL URL.
@Suite("ledger locations")
struct LedgerLocationTests {
    @Test("a path is a SQLite file, :memory: is memory", arguments: ["palimpsest.sqlite", "/var/lib/ledger.db", "postgres.sqlite"])
    func pathsAreFiles(path: String) throws {
        #expect(try LedgerLocation(parsing: path) == .file(path))
        #expect(try LedgerLocation(parsing: ":memory:") == .memory)
    }

    @Test("a postgres:// URL gives the server, user, password, database and TLS mode")
    func fullURL() throws {
        let location = try LedgerLocation(parsing: "postgresql://scan:s%40cret@db.internal:6543/ledger?sslmode=require")

        #expect(location == .postgres(try PostgresServer(url: "postgres://scan:s%40cret@db.internal:6543/ledger?sslmode=require")))
        guard case let .postgres(server) = location else { return }
        #expect((server.host, server.port, server.user, server.password, server.database) == ("db.internal", 6543, "scan", "s@cret", "ledger"))
        #expect(server.tls == .require)
    }

    @Test("missing parts take libpq's defaults, the password $PGPASSWORD")
    func defaults() throws {
        let server = try PostgresServer(url: "postgres://scan@db", environment: ["PGPASSWORD": "from-env"])

        #expect((server.port, server.database, server.password, server.tls) == (5432, "scan", "from-env", .prefer))
    }

    @Test("the description never shows the password")
    func descriptionHidesPassword() throws {
        let location = try LedgerLocation(parsing: "postgres://scan:hunter2@[::1]:5433/ledger")

        #expect(location.description == "postgres://scan@[::1]:5433/ledger")
    }

    @Test("malformed URLs are refused with the reason, and without the password",
          arguments: ["postgres://scan:hunter2@/ledger", "postgres://scan@db/a/b", "postgres://scan:hunter2@db/l?sslmode=maybe",
                      "postgres://scan@db/l?application_name=x"])
    func malformedURLs(text: String) throws {
        let error = #expect(throws: LedgerError.self) { try LedgerLocation(parsing: text) }

        guard case let .invalidLocation(shown, _)? = error else { return }
        #expect(!shown.contains("hunter2"))
        #expect(error?.message.contains("postgres://USER") == true)
    }
}
