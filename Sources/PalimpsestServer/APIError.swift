import Foundation
import HTTPTypes
import Hummingbird
import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// An error answered as `{"error": {"code": "...", "message": "..."}}` with an HTTP status.
///
/// `code` is short, stable and machine-readable (`unauthorized`, `body-too-large`,
/// `corrupt`, …); `message` says what went wrong and what to do about it. Every failure the
/// service answers goes through ``init(_:)``, so clients see one shape whatever failed.
///
/// ```swift
/// throw APIError(.badRequest, code: "invalid-parameter", message: "top must be a whole number from 1 to 100.")
/// ```
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The stable machine-readable code.
    public var code: String
    /// What went wrong and what to do about it.
    public var message: String
    /// Extra response headers (`WWW-Authenticate`, `Allow`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The error for any failure: Palimpsest's own errors by kind, Hummingbird's and NIO's
    /// by status (a streamed body over the limit is NIO's `NIOTooManyBytesError`), anything
    /// else as an internal error.
    public init(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as DecodeError:
            self.init(Self.status(for: error), code: error.kind, message: error.message)
        case let error as CheckError:
            self.init(.badRequest, code: error.kind, message: error.message)
        case let error as LedgerError:
            switch error {
            case .unknownRun, .unknownFinding: self.init(.notFound, code: error.kind, message: error.message)
            default: self.init(.internalServerError, code: "ledger", message: error.message)
            }
        case let error as HTTPError:
            self.init(http: error)
        case let error as any HTTPResponseError:
            self.init(http: HTTPError(error.status))
        default:
            self.init(.internalServerError, code: "internal",
                      message: "The service failed while answering (\(describeFailure(error).message)); the failure is logged.")
        }
    }

    private init(http error: HTTPError) {
        switch error.status {
        case .notFound:
            self.init(.notFound, code: "not-found", message: "There is no such resource: see /openapi.yaml for the routes.")
        case .contentTooLarge:
            self.init(.contentTooLarge, code: "body-too-large",
                      message: "The request body is larger than this service accepts: send a smaller image, or raise --max-body-bytes.")
        default:
            self.init(error.status, code: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"),
                      message: error.body ?? error.status.reasonPhrase, headers: error.headers)
        }
    }

    /// The status for an image the decoder refused: 413 for a limit, 415 for a format it does
    /// not read, 422 for a file it cannot make sense of.
    static func status(for error: DecodeError) -> HTTPResponse.Status {
        switch error {
        case .fileTooLarge, .tooManyPixels: .contentTooLarge
        case .unsupported: .unsupportedMediaType
        case .empty: .badRequest
        case .truncated, .corrupt, .unreadable: .unprocessableContent
        }
    }

    /// The JSON body.
    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }

        var error: Detail
    }

    /// The error as a JSON response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONResponse.make(Body(error: .init(code: code, message: message)), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension APIError {
    /// 401 with a `WWW-Authenticate: Bearer` challenge.
    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized",
        message: "Send a valid token as `Authorization: Bearer <token>`; tokens are listed in the file given to --tokens.",
        headers: [.wwwAuthenticate: "Bearer realm=\"palimpsest\""])

    /// 405, listing the methods the path accepts.
    static func methodNotAllowed(_ allowed: [HTTPRequest.Method]) -> APIError {
        let names = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(.methodNotAllowed, code: "method-not-allowed", message: "This path accepts only \(names).",
                        headers: [.allow: names])
    }

    /// 503 when a request took longer than the service allows.
    static func timeout(_ limit: Duration) -> APIError {
        APIError(.serviceUnavailable, code: "timeout",
                 message: "The request took longer than the \(limit.seconds) s this service allows: "
                     + "retry later, send a smaller image, or raise --request-timeout.")
    }

    /// 400 for a query parameter that is missing, unknown or out of range.
    static func invalidParameter(_ message: String) -> APIError {
        APIError(.badRequest, code: "invalid-parameter", message: message)
    }
}
