import PalimpsestCore
import Foundation
import Testing

/// A throwaway PostgreSQL server for tests, from Debian's `postgresql` package: a new data
/// directory under the temporary folder, listening on a free port of 127.0.0.1 only, with
/// trust authentication for the user `palimpsest`. ``stop()`` shuts it down and deletes it.
///
/// `initdb` refuses to run as root, so as root the server's programs run as the `postgres`
/// user the package creates (through `runuser`); the data directory is handed to that user.
public final class TemporaryPostgres: Sendable {
    /// The folder holding `initdb`, `pg_ctl` and `createdb`: the newest installed version's.
    public static let binaries: URL? = {
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return versions.sorted { $0.compare($1, options: .numeric) == .orderedDescending }
            .map { root.appendingPathComponent($0).appendingPathComponent("bin") }
            .first { bin in ["initdb", "pg_ctl", "createdb"].allSatisfy { FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent($0).path) } }
    }()

    /// Why no server can be started here, or `nil` when nothing is missing (starting one may
    /// still fail: see ``suiteServer``).
    public static let missingReason: String? = {
        guard binaries != nil else {
            return "PostgreSQL's initdb, pg_ctl and createdb were not found under /usr/lib/postgresql/*/bin: install Debian's postgresql package (`make test` does when run as root)"
        }
        guard getuid() == 0 else { return nil }
        guard getpwnam("postgres") != nil, FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else {
            return "running as root, PostgreSQL needs the `postgres` user and runuser, and one of them is missing"
        }
        return nil
    }()

    /// The server of the PostgreSQL suites, started the first time it is asked for (when the
    /// suites are about to run), or why it could not be started, which is also printed.
    public static let suiteServer: Result<TemporaryPostgres, ScenarioError> = {
        let failure: ScenarioError
        if let missingReason {
            failure = ScenarioError(missingReason)
        } else {
            do {
                return .success(try TemporaryPostgres())
            } catch {
                failure = ScenarioError("a PostgreSQL server could not be started: \(error)")
            }
        }
        FileHandle.standardError.write(Data("PostgreSQL tests skipped: \(failure.description)\n".utf8))
        return .failure(failure)
    }()

    /// Why the PostgreSQL suites cannot run here (programs missing, or the server would not
    /// start), or `nil` when their server is running. Starts the server.
    public static var unavailableReason: String? {
        guard case let .failure(error) = suiteServer else { return nil }
        return error.description
    }

    /// Whether the PostgreSQL suites can run. Starts their server.
    public static var isAvailable: Bool { unavailableReason == nil }

    /// The server of the running suite (see ``PostgresServerTrait``).
    @TaskLocal public static var current: TemporaryPostgres?

    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    /// Its data directory, log and socket.
    public let directory: URL
    private let bin: URL

    /// Creates a data directory and starts a server on it.
    public init() throws {
        guard let bin = Self.binaries, Self.missingReason == nil else {
            throw ScenarioError(Self.missingReason ?? "PostgreSQL is unavailable")
        }
        self.bin = bin
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("palimpsest-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if getuid() == 0, let user = getpwnam("postgres") {
            try FileManager.default.setAttributes([.ownerAccountID: user.pointee.pw_uid, .groupOwnerAccountID: user.pointee.pw_gid],
                                                  ofItemAtPath: directory.path)
        }
        port = try Self.freePort()
        do {
            try Self.run(bin, "initdb", ["-D", data, "-A", "trust", "-U", "palimpsest", "-E", "UTF8", "--locale=C", "--no-sync"])
            try Self.run(bin, "pg_ctl", ["-D", data, "-l", directory.appendingPathComponent("server.log").path, "-w", "-o",
                                         "-k \(directory.path) -h 127.0.0.1 -p \(port) -c fsync=off -c max_connections=200", "start"])
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// The URL of database `name` on this server.
    public func url(database name: String) -> String {
        "postgres://palimpsest@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Creates a new empty database with a unique name and returns its URL.
    public func createDatabase() throws -> String {
        let name = "ledger_\(UUID().uuidString.prefix(8).lowercased())"
        try Self.run(bin, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "palimpsest", name], asServer: false)
        return url(database: name)
    }

    /// Runs SQL with `psql` as the superuser, as someone with direct access to the database
    /// would, and returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database url: String) throws -> String {
        let name = String(url.split(separator: "/").last!.split(separator: "?").first!)
        return try Self.run(bin, "psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                                          "-U", "palimpsest", "-d", name, "-c", sql], asServer: false)
    }

    /// Stops the server at once and deletes its data directory.
    public func stop() {
        _ = try? Self.run(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    private var data: String { directory.appendingPathComponent("data").path }

    /// Runs one of the server's programs (as `postgres` when root and `asServer`) and returns
    /// what it printed.
    ///
    /// Spawned and reaped here with `posix_spawn` and `waitpid`, its output going to a file:
    /// Foundation's `Process` was seen never to notice `runuser` exiting after `pg_ctl start`
    /// (left a zombie, `waitUntilExit()` blocked), and a pipe would be held open by the server
    /// `pg_ctl` leaves running.
    @discardableResult
    private static func run(_ bin: URL, _ tool: String, _ arguments: [String], asServer: Bool = true) throws -> String {
        let program = bin.appendingPathComponent(tool).path
        let argv = asServer && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", program] + arguments : [program] + arguments
        let log = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("palimpsest-pg-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        guard spawned == 0 else { throw ScenarioError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        guard exited, (status >> 8) & 0xFF == 0 else {
            throw ScenarioError("\(tool) failed (wait status \(status)): \(text)")
        }
        return text
    }

    /// A TCP port of 127.0.0.1 that nothing listens on now.
    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
                bind(fd, sockaddr, length) == 0 && getsockname(fd, sockaddr, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Gives a suite ``TemporaryPostgres/suiteServer``, available to its tests as
/// ``TemporaryPostgres/current``, and stops it when the suite ends.
public struct PostgresServerTrait: SuiteTrait, TestScoping {
    public var isRecursive: Bool { false }

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try TemporaryPostgres.suiteServer.get()
        defer { server.stop() }
        try await TemporaryPostgres.$current.withValue(server) { try await function() }
    }
}

extension Trait where Self == PostgresServerTrait {
    /// A throwaway PostgreSQL server for the suite's tests.
    public static var temporaryPostgres: Self { PostgresServerTrait() }
}
