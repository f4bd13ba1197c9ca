import PalimpsestCore
import Foundation
internal import PostgresNIO

/// Connections to one PostgreSQL database, opened when needed and kept for reuse: at most one
/// per thread that is inside a ledger call at the same moment (the scan's decoding threads,
/// when they look images up).
///
/// Connections live on NIO's shared event loops; the calling thread waits for each answer
/// with `EventLoopFuture.wait()`, which is safe on any thread but an event loop's own.
final class PostgresConnectionPool: @unchecked Sendable {
    private let configuration: PostgresConnection.Configuration
    private let logger: Logger
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var opened = 0

    init(_ server: PostgresServer) throws {
        var logger = Logger(label: "palimpsest.ledger.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let tls: PostgresConnection.Configuration.TLS
        switch server.tls {
        case .disable:
            tls = .disable
        case .prefer, .require:
            var client = TLSConfiguration.makeClientConfiguration()
            client.certificateVerification = .none
            let context = try NIOSSLContext(configuration: client)
            tls = server.tls == .prefer ? .prefer(context) : .require(context)
        case .verifyFull:
            tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: server.password,
            database: server.database, tls: tls)
        configuration.options.tlsServerName = server.tls == .verifyFull ? server.host : nil
        self.configuration = configuration
    }

    deinit {
        for connection in idle { try? connection.close().wait() }
    }

    /// Runs `body` with a connection no other thread uses meanwhile. A connection that `body`
    /// leaves broken (closed, or with `keep` false) is closed instead of being reused.
    func withConnection<T>(_ body: (PostgresConnection, _ keep: inout Bool) throws -> T) throws -> T {
        let connection = try checkOut()
        var keep = true
        defer {
            if keep && !connection.isClosed {
                lock.withLock { idle.append(connection) }
            } else {
                try? connection.close().wait()
            }
        }
        return try body(connection, &keep)
    }

    /// The logger queries report to (silenced but for critical messages).
    var queryLogger: Logger { logger }

    private func checkOut() throws -> PostgresConnection {
        let (reused, id): (PostgresConnection?, Int) = lock.withLock {
            while let connection = idle.popLast() {
                if !connection.isClosed { return (connection, 0) }
            }
            opened += 1
            return (nil, opened)
        }
        if let reused { return reused }
        do {
            return try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: id, logger: logger
            ).wait()
        } catch {
            throw PostgresStore.ledgerError(error)
        }
    }
}
