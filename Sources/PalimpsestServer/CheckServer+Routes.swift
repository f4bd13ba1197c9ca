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

extension CheckServer {
    /// `POST /v1/check`: reads the image, matches it off the event loops, records the check
    /// unless the deadline passed meanwhile, and answers the ``Verdict`` with a
    /// `Server-Timing` header giving each stage's time.
    func check(_ request: Request) async throws -> Response {
        let parameters = try CheckParameters(request, maxTop: options.maxTop)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > options.maxBodyBytes {
            throw APIError(HTTPError(.contentTooLarge))
        }
        let service = self.service, maxBody = options.maxBodyBytes, limit = options.requestTimeout
        let deadline = ContinuousClock.now + limit
        let outcome = try await withDeadline(limit) {
            let upload = try await Self.upload(in: request, limit: maxBody)
            let matched = try await Offload.run { try service.match(upload.bytes, corpora: parameters.corpora, top: parameters.top) }
            // The deadline's own task may not have run yet when every thread is busy: the clock decides.
            try Task.checkCancellation()
            guard ContinuousClock.now < deadline else { throw APIError.timeout(limit) }
            let asked = "POST \(request.uri)" + (upload.filename.map { " (file \(Self.printable($0)))" } ?? "")
            return try await Offload.run { try service.record(matched, commandLine: asked) }
        }
        metrics.checked(grade: outcome.finding.grade, times: outcome.times)
        return try JSONResponse.make(Verdict(runID: outcome.runID, finding: outcome.finding, warnings: outcome.warnings),
                                     headers: [Self.serverTiming: Self.serverTimingValue(outcome.times)])
    }

    /// `GET /v1/findings/{id}`.
    func finding(_ context: some RequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self) else {
            throw APIError.invalidParameter("A finding id is a whole number, as in /v1/findings/12.")
        }
        let service = self.service
        let (runID, finding) = try await Offload.run { try service.finding(id: id) }
        return try JSONResponse.make(Verdict(runID: runID, finding: finding))
    }

    /// `GET /v1/runs/{id}/report.html`: the page the HTML renderer makes, written on first
    /// request.
    func reportPage(_ context: some RequestContext) async throws -> Response {
        let runID = try context.parameters.require("id")
        let service = self.service
        let bytes = try await withDeadline(options.requestTimeout) {
            try await Offload.run { Array(try Data(contentsOf: URL(fileURLWithPath: try service.reportPage(runID: runID)))) }
        }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `GET /v1/runs/{id}/images/{name}`: a picture of a report already written.
    func reportPicture(_ context: some RequestContext) async throws -> Response {
        let runID = try context.parameters.require("id"), name = try context.parameters.require("name")
        let service = self.service
        let bytes = try await Offload.run { () -> [UInt8]? in
            try service.reportPicture(runID: runID, name: name).flatMap { FileManager.default.contents(atPath: $0) }.map { Array($0) }
        }
        guard let bytes else { throw APIError(HTTPError(.notFound)) }
        return Response(status: .ok, headers: [.contentType: "image/jpeg"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    // MARK: - Helpers

    /// The image of a check request: the whole body, or the one file of a multipart form.
    static func upload(in request: Request, limit: Int) async throws -> MultipartForm.File {
        let body = Array(try await request.body.collect(upTo: limit).readableBytesView)
        if let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType: contentType) {
            return try MultipartForm.file(in: body, boundary: boundary)
        }
        return MultipartForm.File(filename: nil, bytes: body)
    }

    static let serverTiming = HTTPField.Name("Server-Timing")!

    /// `decode;dur=3.1, fingerprint;dur=4.0, …` in milliseconds.
    static func serverTimingValue(_ times: StageTimes) -> String {
        times.stages.map { $0.name + ";dur=" + String(format: "%.2f", $0.duration.seconds * 1000) }.joined(separator: ", ")
    }

    /// A client-given name with control characters replaced, for the run record.
    static func printable(_ name: String) -> String {
        String(name.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) }.prefix(200))
    }
}
