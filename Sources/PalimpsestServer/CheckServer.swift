import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// `palimpsest serve`: an HTTP API over a ``CheckService``.
///
/// | route | what |
/// |---|---|
/// | `POST /v1/check` | check an image (the body, or one file of a multipart form) |
/// | `GET /v1/findings/{id}` | a recorded finding |
/// | `GET /v1/runs/{id}/report.html` | a run's HTML report (and its pictures under `images/`) |
/// | `GET /healthz` | liveness, without a token |
/// | `GET /metrics` | Prometheus metrics |
/// | `GET /openapi.yaml` | the OpenAPI document |
///
/// Every route but `/healthz` needs `Authorization: Bearer <token>`; every failure is answered
/// as `{"error": {"code": …, "message": …}}` (``APIError``).
///
/// ```swift
/// let service = try CheckService(ledger: ledger, options: CheckOptions(corpora: ["paintings"]))
/// let server = try CheckServer(service: service, tokens: try BearerTokens(contentsOf: "tokens"), options: ServerOptions())
/// try await server.run()
/// ```
public struct CheckServer: Sendable {
    /// Checks images and reads the ledger.
    public let service: CheckService
    /// Who may call.
    public let tokens: BearerTokens
    /// Address and limits.
    public let options: ServerOptions
    /// Request, check and reload metrics.
    public let metrics: ServerMetrics
    /// Logs start-up, reloads and internal errors.
    public var logger: Logger
    let openAPI: [UInt8]

    /// Every route with its method, as the router registers it (paths in OpenAPI's notation).
    public static let routes: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "/v1/check"), (.get, "/v1/findings/{id}"), (.get, "/v1/runs/{id}/report.html"),
        (.get, "/v1/runs/{id}/images/{name}"), (.get, "/healthz"), (.get, "/metrics"), (.get, "/openapi.yaml"),
    ]

    /// Paths answered without a token.
    static let openPaths: Set<String> = ["/healthz"]

    /// Prepares a server.
    ///
    /// - Throws: ``ServerError/missingOpenAPIDocument``.
    public init(service: CheckService, tokens: BearerTokens, options: ServerOptions, logger: Logger = Logger(label: "palimpsest.serve")) throws {
        self.service = service
        self.tokens = tokens
        self.options = options
        self.logger = logger
        metrics = ServerMetrics()
        openAPI = try OpenAPIDocument.load()
        metrics.loaded(references: service.corpora.referenceCount, reload: false)
    }

    /// The router: middleware (metrics, errors as JSON, authentication) and every route, with
    /// 405 for the other methods on known paths.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware(metrics: metrics))
        router.add(middleware: AuthMiddleware(tokens: tokens, open: Self.openPaths))
        router.post("/v1/check") { request, _ in try await check(request) }
        router.get("/v1/findings/:id") { _, context in try await finding(context) }
        router.get("/v1/runs/:id/report.html") { _, context in try await reportPage(context) }
        router.get("/v1/runs/:id/images/:name") { _, context in try await reportPicture(context) }
        router.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: openAPI)))
        }
        let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]
        for path in Set(Self.routes.map(\.path)) {
            let allowed = Self.routes.filter { $0.path == path }.map(\.method)
            let accepted = allowed.contains(.get) ? allowed + [.head] : allowed
            for method in methods where !accepted.contains(method) {
                router.on(RouterPath(Self.routerPath(path)), method: method) { _, _ -> Response in throw APIError.methodNotAllowed(accepted) }
            }
        }
        return router
    }

    /// The application: the router on the configured address, with the corpus refresher and
    /// the ledger checkpointer.
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(options.requestTimeout.seconds * 2e9)))),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: options.port), serverName: "palimpsest"),
            services: [refresher, checkpointer],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// Polls the served corpora for changes.
    var refresher: CorpusRefresher {
        CorpusRefresher(service: service, interval: options.refreshInterval, metrics: metrics, logger: logger)
    }

    /// Checkpoints the ledger every second, beside the checks' commits.
    var checkpointer: LedgerCheckpointer {
        LedgerCheckpointer(ledger: service.ledger, interval: .seconds(1), logger: logger)
    }

    /// Serves until SIGINT or SIGTERM.
    ///
    /// - Parameter onServerRunning: called with the bound port once the server listens.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onServerRunning: onServerRunning).runService()
    }

    /// Hummingbird's notation of an OpenAPI path (`{id}` → `:id`).
    static func routerPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? ":" + part.dropFirst().dropLast() : String(part)
        }.joined(separator: "/")
    }
}
