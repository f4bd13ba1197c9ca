import PalimpsestCore
import Hummingbird

/// Refuses every request without a valid bearer token with 401, except those to the paths in
/// ``open`` (the health check).
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: BearerTokens
    let open: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard open.contains(request.uri.path) || tokens.accepts(authorization: request.headers[.authorization]) else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}
