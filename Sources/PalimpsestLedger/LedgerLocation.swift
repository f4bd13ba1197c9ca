import PalimpsestCore
import Foundation

/// Where a ledger lives: a SQLite file, memory, or a PostgreSQL database.
///
/// `--ledger` and `PALIMPSEST_LEDGER` take either a file path or a URL of the form
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]` (`postgresql://` too).
///
/// ```swift
/// let file = try LedgerLocation(parsing: "palimpsest.sqlite")          // .file
/// let shared = try LedgerLocation(parsing: "postgres://scan@db/ledger") // .postgres
/// ```
public enum LedgerLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file, created if absent.
    case file(String)
    /// A SQLite database in memory, gone when the ledger is released.
    case memory
    /// A PostgreSQL database, which must exist; its tables are created if absent.
    case postgres(PostgresServer)

    /// Reads a file path or a `postgres://` URL.
    ///
    /// - Throws: ``LedgerError/invalidLocation(_:reason:)`` for a malformed URL.
    public init(parsing text: String) throws {
        if text == ":memory:" {
            self = .memory
        } else if let scheme = text.range(of: "://").map({ text[..<$0.lowerBound].lowercased() }),
                  scheme == "postgres" || scheme == "postgresql" {
            self = .postgres(try PostgresServer(url: text))
        } else {
            self = .file(text)
        }
    }

    /// The path or URL, without the password.
    public var description: String {
        switch self {
        case let .file(path): path
        case .memory: ":memory:"
        case let .postgres(server): server.description
        }
    }
}

/// A PostgreSQL server and database to keep the ledger in, read from a `postgres://` URL.
///
/// As with libpq, the user defaults to the login name, the database to the user, the port to
/// 5432, and the password to `$PGPASSWORD` (better than a URL, which other users of the
/// machine can see in the process list). `sslmode` is `disable`, `prefer` (the default:
/// TLS when the server offers it), `require` (TLS without checking the certificate) or
/// `verify-full` (TLS with a certificate valid for the host).
public struct PostgresServer: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never.
        case disable
        /// When the server supports it.
        case prefer
        /// Always, without checking the server's certificate.
        case require
        /// Always, with a certificate valid for ``PostgresServer/host``.
        case verifyFull = "verify-full"
    }

    /// Host name or address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// User name.
    public var user: String
    /// Password, if any.
    public var password: String?
    /// Database name.
    public var database: String
    /// Encryption.
    public var tls: TLSMode

    /// Reads a `postgres://` URL.
    ///
    /// - Throws: ``LedgerError/invalidLocation(_:reason:)``.
    public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        func invalid(_ reason: String) -> LedgerError {
            .invalidLocation(Self.redacted(text), reason: reason)
        }
        guard let url = URLComponents(string: text) else { throw invalid("it is not a valid URL") }
        guard let name = url.host, !name.isEmpty else { throw invalid("it names no host") }
        host = name.hasPrefix("[") && name.hasSuffix("]") ? String(name.dropFirst().dropLast()) : name
        port = url.port ?? 5432
        user = url.user ?? ProcessInfo.processInfo.userName
        password = url.password ?? environment["PGPASSWORD"]
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        guard !path.contains("/") else { throw invalid("the database name \"\(path)\" contains a slash") }
        database = path.isEmpty ? user : path
        tls = .prefer
        for item in url.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw invalid("the parameter \"\(item.name)\" is not supported (only sslmode is)")
            }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw invalid("sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tls = mode
        }
    }

    /// The URL without the password.
    public var description: String {
        let address = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(address):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// A URL as typed, with any password replaced by `***`, for error messages.
    static func redacted(_ text: String) -> String {
        guard var url = URLComponents(string: text), url.password != nil else { return text }
        url.password = "***"
        return url.string ?? text
    }
}
