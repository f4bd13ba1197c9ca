import Hummingbird
import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// Turns every error into ``APIError``'s JSON response, counts it by code, and logs the
/// unexpected ones.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let answer = APIError(error)
            metrics.failed(code: answer.code)
            if answer.status == .internalServerError {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(describeFailure(error).message)")
            }
            return try answer.response(from: request, context: context)
        }
    }
}
