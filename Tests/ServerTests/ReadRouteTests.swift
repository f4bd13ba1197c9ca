import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Palimpsest
import PalimpsestServer
import PalimpsestTestSupport
import Testing

/// The routes that read: findings, reports, metrics, the OpenAPI document, and the answers
/// to unknown routes and methods.
@Suite("read routes")
struct ReadRouteTests {
    /// Checks gen-09.jpg and returns the verdict.
    private func check(_ client: some TestClientProtocol) async throws -> VerdictAnswer {
        let response = try await client.check(ServerHarness.generated("gen-09.jpg"))
        try #require(response.status == .ok)
        return try response.decoded(VerdictAnswer.self)
    }

    @Test("report.html is the HTML renderer's page for the check's run, with its pictures served beside it")
    func reportPage() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let verdict = try await check(client)

            let page = try await client.execute(uri: verdict.links.report, method: .get, headers: ServerHarness.authorized())
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("Palimpsest report"))
            #expect(page.text.contains(verdict.runId))

            // The page's pictures are served under images/, and the second request serves the same page.
            let picture = "finding-\(verdict.finding.id)-query.jpg"
            #expect(page.text.contains("images/\(picture)"))
            let image = try await client.execute(uri: "/v1/runs/\(verdict.runId)/images/\(picture)", method: .get,
                                                 headers: ServerHarness.authorized())
            #expect(image.status == .ok)
            #expect(Array(image.body.readableBytesView.prefix(2)) == [0xFF, 0xD8])
            let again = try await client.execute(uri: verdict.links.report, method: .get, headers: ServerHarness.authorized())
            #expect(again.text == page.text)
            #expect(try harness.ledger.reports(forRun: verdict.runId).filter { $0.path.hasSuffix("report.html") }.count == 1)
        }
    }

    @Test("unknown findings, runs and pictures are 404 with a JSON error")
    func unknownThings() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            for (uri, code) in [("/v1/findings/999", "unknown-finding"), ("/v1/runs/20990101T000000Z-000000/report.html", "unknown-run"),
                                ("/v1/runs/x/images/none.jpg", "not-found"), ("/v2/everything", "not-found")] {
                let response = try await client.execute(uri: uri, method: .get, headers: ServerHarness.authorized())
                #expect(response.status == .notFound, "\(uri)")
                #expect(response.errorCode == code, "\(uri)")
            }
            let notANumber = try await client.execute(uri: "/v1/findings/twelve", method: .get, headers: ServerHarness.authorized())
            #expect(notANumber.status == .badRequest)
        }
    }

    @Test("a known path with another method is 405, naming the methods it accepts")
    func wrongMethod() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let get = try await client.execute(uri: "/v1/check", method: .get, headers: ServerHarness.authorized())
            #expect(get.status == .methodNotAllowed)
            #expect(get.errorCode == "method-not-allowed")
            #expect(get.headers[.allow] == "POST")
            let delete = try await client.execute(uri: "/v1/findings/1", method: .delete, headers: ServerHarness.authorized())
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers[.allow] == "GET, HEAD")
        }
    }

    @Test("/metrics counts requests by route and status, checks by grade and errors by code")
    func metrics() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            _ = try await check(client)
            _ = try await client.execute(uri: "/v1/check", method: .post, headers: ServerHarness.authorized(), body: ByteBuffer(string: "junk"))
            _ = try await client.execute(uri: "/v1/check", method: .post)

            let response = try await client.execute(uri: "/metrics", method: .get, headers: ServerHarness.authorized())
            #expect(response.status == .ok)
            let text = response.text
            #expect(text.contains(#"palimpsest_http_requests_total{route="/v1/check",method="POST",status="200"} 1"#))
            #expect(text.contains(#"palimpsest_http_requests_total{route="/v1/check",method="POST",status="415"} 1"#))
            #expect(text.contains(#"palimpsest_http_requests_total{route="/v1/check",method="POST",status="401"} 1"#))
            #expect(text.contains(#"palimpsest_matches_total{grade="near-duplicate"} 1"#))
            #expect(text.contains(#"palimpsest_errors_total{code="unsupported"} 1"#))
            #expect(text.contains(#"palimpsest_errors_total{code="unauthorized"} 1"#))
            #expect(text.contains(#"palimpsest_http_request_duration_seconds_bucket{route="/v1/check",method="POST",le="0.1"}"#))
            #expect(text.contains(#"palimpsest_check_stage_duration_seconds_count{stage="decode"} 1"#))
            #expect(text.contains("palimpsest_references 4.0"))
        }
    }

    @Test("/openapi.yaml serves the committed document byte for byte")
    func openAPIDocument() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get, headers: ServerHarness.authorized())
            #expect(response.status == .ok)
            let committed = try Data(contentsOf: OpenAPIPaths.documentURL)
            #expect(Data(buffer: response.body) == committed)
        }
    }

    @Test("the OpenAPI document lists exactly the routes the router serves")
    func openAPIListsEveryRoute() throws {
        let documented = try OpenAPIPaths.operations()
        let served = Set(CheckServer.routes.map { "\($0.method.rawValue.lowercased()) \($0.path)" })
        #expect(documented == served)
    }
}

/// Whether `python3` can import the modules of `Scripts/openapi_check.py` (PyYAML,
/// openapi-spec-validator); `make openapi-check` installs them.
private let openAPICheckerAvailable: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import yaml, openapi_spec_validator"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()

extension ReadRouteTests {
    @Test("the OpenAPI document is valid OpenAPI 3.1 and describes findings as report-v1.schema.json does",
          .enabled(if: openAPICheckerAvailable, "needs python3 with PyYAML and openapi-spec-validator (make openapi-check)"))
    func openAPIDocumentMatchesReportSchema() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.repositoryRoot.appendingPathComponent("Scripts/openapi_check.py").path,
                             OpenAPIPaths.documentURL.path, Fixtures.repositoryRoot.appendingPathComponent("Schemas/report-v1.schema.json").path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(message)")
    }
}

/// The `paths` of the committed OpenAPI document, read line by line (it is indented with two
/// spaces per level).
enum OpenAPIPaths {
    static let documentURL = Fixtures.repositoryRoot.appendingPathComponent("Sources/PalimpsestServer/Resources/openapi.yaml")

    /// `method path` for every operation.
    static func operations() throws -> Set<String> {
        let lines = try String(contentsOf: documentURL, encoding: .utf8).split(separator: "\n")
        var out = Set<String>(), inPaths = false, path = ""
        for line in lines {
            if !line.hasPrefix(" ") { inPaths = line == "paths:"; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "patch", "delete"].contains(key) { out.insert("\(key) \(path)") }
            }
        }
        return out
    }
}
