import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Palimpsest
@testable import PalimpsestServer
import PalimpsestTestSupport
import Testing

/// `POST /v1/check`: the verdict, its record in the ledger, and every way a request can be refused.
@Suite("POST /v1/check")
struct CheckRouteTests {
    @Test("a re-encoded copy of a reference is flagged, recorded as a finished run, and fetchable by id")
    func copyOfReference() async throws {
        // Given a server over a corpus holding nasa-05.jpg, and gen-09.jpg, its pixels re-encoded
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            // When the copy is checked
            let response = try await client.check(ServerHarness.generated("gen-09.jpg"), query: "top=3")

            // Then the verdict names the reference as a near-duplicate
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let verdict = try response.decoded(VerdictAnswer.self)
            #expect(verdict.flagged)
            #expect(verdict.finding.grade == "near-duplicate")
            #expect(verdict.finding.matches.count <= 3)
            #expect(verdict.finding.matches.first?.reference.path.hasSuffix("nasa-05.jpg") == true)
            #expect(verdict.links.finding == "/v1/findings/\(verdict.finding.id)")
            #expect(response.headers[HTTPField.Name("Server-Timing")!]?.contains("decode;dur=") == true)

            // And the ledger holds it as a finished check run with that one finding
            let run = try harness.ledger.run(id: verdict.runId)
            #expect(run.command == "check")
            #expect(run.finishedAt != nil)
            #expect(run.corpora == "[\"sample\"]")
            let recorded = try harness.ledger.findings(inRun: verdict.runId)
            #expect(recorded.map(\.finding.id) == [verdict.finding.id])
            // and the query path is the kept upload, byte for byte
            let kept = try Data(contentsOf: URL(fileURLWithPath: verdict.finding.query.path))
            #expect(Array(kept) == (try ServerHarness.generated("gen-09.jpg")))

            // And GET /v1/findings/{id} answers the same finding
            let fetched = try await client.execute(uri: verdict.links.finding, method: .get, headers: ServerHarness.authorized())
            #expect(fetched.status == .ok)
            let again = try fetched.decoded(VerdictAnswer.self)
            #expect(again.runId == verdict.runId)
            #expect(try JSONCoding.string(again.finding) == JSONCoding.string(verdict.finding))
        }
    }

    @Test("every check is graded exactly as scan grades the same file", arguments: ["gen-03.jpg", "gen-06.jpg", "gen-07.jpg", "gen-09.jpg", "gen-13.jpg"])
    func sameAsScan(name: String) async throws {
        // Given the same references served and scanned
        let harness = try ServerHarness(references: ServerHarness.references + ["toys-15.png", "birds-12.png"])
        var scan = ScanOptions(corpora: ["sample"])
        scan.reportDirectory = harness.folder.appendingPathComponent("scan-reports").path
        let scanned = try ScanJob(ledger: harness.ledger).run(
            paths: [Fixtures.sample.appendingPathComponent("generated/\(name)").path], options: scan,
            commandLine: "test").report.findings[0]
        try await harness.server.application().test(.router) { client in
            // When the file is checked
            let response = try await client.check(ServerHarness.generated(name))
            let checked = try response.decoded(VerdictAnswer.self).finding

            // Then grades, scores, references and signals are those of the scan
            #expect(checked.grade == scanned.grade)
            #expect(checked.score == scanned.score)
            #expect(checked.query.sha256 == scanned.query.sha256)
            #expect(checked.matches.map(\.reference.sha256) == scanned.matches.map(\.reference.sha256))
            #expect(try JSONCoding.string(checked.matches.map(\.signals)) == JSONCoding.string(scanned.matches.map(\.signals)))
        }
    }

    @Test("an unrelated image is answered with grade none and not flagged")
    func unrelatedImage() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let response = try await client.check(ServerHarness.generated("gen-13.jpg"))
            #expect(response.status == .ok)
            let verdict = try response.decoded(VerdictAnswer.self)
            #expect(!verdict.flagged)
            #expect(verdict.finding.grade == "none")
        }
    }

    @Test("the image may come as the one file of a multipart form")
    func multipartUpload() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            var body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n".utf8)
            body += Array("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gen-09.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n".utf8)
            body += try ServerHarness.generated("gen-09.jpg") + Array("\r\n--XyZ--\r\n".utf8)
            let response = try await client.check(
                body, headers: ServerHarness.authorized(ServerHarness.token, [.contentType: "multipart/form-data; boundary=XyZ"]))

            #expect(response.status == .ok)
            let verdict = try response.decoded(VerdictAnswer.self)
            #expect(verdict.finding.grade == "near-duplicate")
            #expect(try harness.ledger.run(id: verdict.runId).commandLine.contains("(file gen-09.jpg)"))
        }
    }

    @Test("a subset of the served corpora can be named; a corpus not served is a bad request")
    func corporaParameter() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let image = try ServerHarness.generated("gen-09.jpg")
            let subset = try await client.check(image, query: "corpora=sample")
            #expect(subset.status == .ok)

            let unknown = try await client.check(image, query: "corpora=sample,elsewhere")
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorCode == "corpus-not-served")
        }
    }

    @Test("bad query parameters are refused with 400 and a JSON error", arguments: [
        "top=0", "top=101", "top=five", "top=3&top=4", "corpora=", "colour=red",
    ])
    func badParameters(query: String) async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let response = try await client.check(ServerHarness.generated("gen-09.jpg"), query: query)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid-parameter")
        }
    }

    @Test("a body over --max-body-bytes is refused with 413")
    func oversizedBody() async throws {
        var options = ServerOptions()
        options.maxBodyBytes = 10_000
        let harness = try ServerHarness(options: options)
        try await harness.server.application().test(.router) { client in
            let response = try await client.check(ServerHarness.generated("gen-09.jpg"))
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "body-too-large")
        }
    }

    @Test("a body streamed without Content-Length is cut off at the limit and refused with 413 too")
    func oversizedStreamedBody() async throws {
        let (body, source) = RequestBody.makeStream()
        let request = Request(head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: "/v1/check"), body: body)
        Task {
            for _ in 0 ..< 4 { await source.yield(ByteBuffer(bytes: [UInt8](repeating: 0xFF, count: 4096))) }
            source.finish()
        }
        let error = await #expect(throws: (any Error).self) { try await CheckServer.upload(in: request, limit: 10_000) }
        #expect(error.map { APIError($0).status } == .contentTooLarge)
        #expect(error.map { APIError($0).code } == "body-too-large")
    }

    @Test("an image over the pixel limit is refused with 413 before it is decoded")
    func tooManyPixels() async throws {
        let harness = try ServerHarness(analyzer: ImageAnalyzer(options: AnalysisOptions(maxPixels: 10_000)))
        try await harness.server.application().test(.router) { client in
            let response = try await client.check(ServerHarness.generated("gen-09.jpg"))
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "too-large")
        }
    }

    @Test("malformed and truncated images get a JSON error, and the service keeps answering")
    func malformedImages() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let jpeg = try ServerHarness.generated("gen-09.jpg")
            let cases: [(body: [UInt8], status: HTTPResponse.Status, code: String)] = [
                (Array("not an image at all".utf8), .unsupportedMediaType, "unsupported"),
                (Array(jpeg.prefix(300)), .unprocessableContent, "truncated"),
                ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0x41, count: 2000), .unprocessableContent, "corrupt"),
                ([], .badRequest, "empty-upload"),
            ]
            for bad in cases {
                let response = try await client.check(bad.body)
                #expect(response.status == bad.status, "\(bad.code): \(response.text)")
                #expect(response.errorCode == bad.code)
            }
            let after = try await client.check(jpeg)
            #expect(after.status == .ok)
        }
    }

    @Test("a JPEG cut short inside its pixels is checked like scan checks it, with the decoder's warning")
    func jpegCutShort() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let jpeg = try ServerHarness.generated("gen-09.jpg")
            let response = try await client.check(Array(jpeg.prefix(jpeg.count * 3 / 4)))
            #expect(response.status == .ok)
            #expect(try response.decoded(VerdictAnswer.self).warnings?.contains { $0.contains("Premature end") } == true)
        }
    }

    @Test("a check that outlasts --request-timeout is answered 503 and not recorded")
    func timeout() async throws {
        var options = ServerOptions()
        options.requestTimeout = .microseconds(100)
        let harness = try ServerHarness(options: options)
        try await harness.server.application().test(.router) { client in
            let response = try await client.check(ServerHarness.generated("gen-09.jpg"))
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "timeout")
        }
        try await Task.sleep(for: .milliseconds(500))
        #expect(try harness.ledger.runs().filter { $0.command == "check" }.isEmpty)
    }
}
