import PalimpsestCore
import Hummingbird

/// Counts every request by route, method and status, and times it by route.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.answered(route: context.endpointPath ?? "unknown", method: request.method.rawValue,
                         status: response.status.code, duration: ContinuousClock.now - start)
        return response
    }
}
