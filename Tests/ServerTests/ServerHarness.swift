import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Palimpsest
import PalimpsestServer
import PalimpsestTestSupport

/// A ledger in a temporary folder with a small corpus of sample images, a tokens file, and a
/// server over them.
struct ServerHarness {
    /// The one token the server accepts.
    static let token = "test-token-0123456789abcdef"
    /// The sample references the corpus starts with.
    static let references = ["nasa-05.jpg", "nasa-00.jpg", "art4apps-22.jpg", "horses-14.png"]

    let folder: URL
    let ledger: Ledger
    let server: CheckServer

    /// A server over corpus `sample` holding `references`.
    init(references: [String] = Self.references, options: ServerOptions = ServerOptions(), analyzer: ImageAnalyzer = ImageAnalyzer()) throws {
        folder = try Synthetic.temporaryDirectory()
        ledger = try Ledger(path: folder.appendingPathComponent("ledger.sqlite").path)
        try Self.add(references, to: ledger, in: folder)
        var checkOptions = CheckOptions(corpora: ["sample"])
        checkOptions.reportDirectory = folder.appendingPathComponent("reports").path
        let service = try CheckService(ledger: ledger, analyzer: analyzer, options: checkOptions)
        server = try CheckServer(service: service, tokens: try BearerTokens(tokens: [Self.token]), options: options)
    }

    /// Adds sample corpus images to corpus `sample`, as `corpus add` does.
    static func add(_ names: [String], to ledger: Ledger, in folder: URL) throws {
        let copies = folder.appendingPathComponent("corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copies, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("corpus/\(name)"),
                                            to: copies.appendingPathComponent(name))
        }
        _ = try CorpusIngest(ledger: ledger).add(corpus: "sample", kind: .training, paths: [copies.path], commandLine: "test")
    }

    /// The bytes of a generated sample image (`Corpora/sample/generated`).
    static func generated(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.sample.appendingPathComponent("generated/\(name)")))
    }

    /// Headers carrying the token (or another one).
    static func authorized(_ token: String = token, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        fields[.authorization] = "Bearer \(token)"
        return fields
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body decoded from Palimpsest's JSON convention.
    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONCoding.decoder.decode(type, from: Data(buffer: body))
    }

    /// The `code` of an error answer.
    var errorCode: String? {
        (try? decoded(ErrorAnswer.self))?.error.code
    }
}

/// `{"error": {"code": ..., "message": ...}}`.
struct ErrorAnswer: Decodable {
    struct Detail: Decodable {
        var code: String
        var message: String
    }

    var error: Detail
}

/// The verdict as a client reads it.
struct VerdictAnswer: Decodable {
    struct Links: Decodable {
        var finding: String
        var report: String
    }

    var runId: String
    var flagged: Bool
    var finding: ScanReport.Finding
    var warnings: [String]?
    var links: Links
}

extension TestClientProtocol {
    /// `POST /v1/check` (with `?query` when given) carrying `image` and the token.
    func check(_ image: [UInt8], query: String? = nil, headers: HTTPFields = ServerHarness.authorized()) async throws -> TestResponse {
        try await execute(uri: "/v1/check" + (query.map { "?" + $0 } ?? ""), method: .post, headers: headers, body: ByteBuffer(bytes: image))
    }
}
