import PalimpsestCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PalimpsestServer
import PalimpsestTestSupport
import Testing

/// Bearer tokens: every route but /healthz needs one, and the tokens file must list some.
@Suite("authentication")
struct AuthTests {
    @Test("without a token, or with a wrong one, every route but /healthz answers 401 with a JSON error", arguments: [
        (HTTPRequest.Method.post, "/v1/check"), (.get, "/v1/findings/1"), (.get, "/v1/runs/x/report.html"),
        (.get, "/metrics"), (.get, "/openapi.yaml"), (.get, "/no/such/route"),
    ])
    func refusedWithoutToken(method: HTTPRequest.Method, path: String) async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            for headers: HTTPFields in [[:], ServerHarness.authorized("wrong-token-0123456789abcdef"), [.authorization: "Basic dXNlcjpwYXNz"]] {
                let response = try await client.execute(uri: path, method: method, headers: headers, body: ByteBuffer(string: "x"))
                #expect(response.status == .unauthorized)
                #expect(response.errorCode == "unauthorized")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
        }
    }

    @Test("/healthz answers without a token")
    func healthIsOpen() async throws {
        let harness = try ServerHarness()
        try await harness.server.application().test(.router) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(response.text.contains("\"status\":\"ok\""))
        }
    }

    @Test("the scheme name is not case-sensitive")
    func schemeCase() throws {
        let tokens = try BearerTokens(tokens: [ServerHarness.token])
        #expect(tokens.accepts(authorization: "bearer \(ServerHarness.token)"))
        #expect(tokens.accepts(authorization: "Bearer \(ServerHarness.token)"))
        #expect(!tokens.accepts(authorization: "Bearer \(ServerHarness.token)x"))
        #expect(!tokens.accepts(authorization: ServerHarness.token))
        #expect(!tokens.accepts(authorization: nil))
    }

    @Test("a tokens file lists one token per line; blank lines and # comments are skipped")
    func tokensFile() throws {
        let file = try Synthetic.temporaryDirectory().appendingPathComponent("tokens")
        try "# moderators\nalpha-0123456789abcdef\n\n  beta-0123456789abcdef  \n".write(to: file, atomically: true, encoding: .utf8)
        let tokens = try BearerTokens(contentsOf: file.path)
        #expect(tokens.count == 2)
        #expect(tokens.accepts(authorization: "Bearer beta-0123456789abcdef"))
        #expect(!tokens.accepts(authorization: "Bearer # moderators"))
    }

    @Test("the service refuses to start without a usable tokens file")
    func refusedTokensFiles() throws {
        let folder = try Synthetic.temporaryDirectory()
        let missing = folder.appendingPathComponent("missing").path
        #expect {
            try BearerTokens(contentsOf: missing)
        } throws: { error in
            guard case ServerError.tokensUnreadable(missing, _) = error else { return false }
            return true
        }
        let empty = folder.appendingPathComponent("empty")
        try "# nothing yet\n\n".write(to: empty, atomically: true, encoding: .utf8)
        #expect(throws: ServerError.noTokens(path: empty.path)) { try BearerTokens(contentsOf: empty.path) }
        let short = folder.appendingPathComponent("short")
        try "long-enough-0123456789\nshort\n".write(to: short, atomically: true, encoding: .utf8)
        #expect(throws: ServerError.weakToken(path: short.path, line: 2, minimumLength: 16)) { try BearerTokens(contentsOf: short.path) }
    }
}
