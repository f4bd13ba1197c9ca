import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Palimpsest
import PalimpsestTestSupport
import Testing

/// `palimpsest serve` run as a user would: it refuses to start without tokens, and otherwise
/// answers on loopback until SIGTERM.
@Suite("serve command", .serialized)
struct ServeCommandTests {
    let cli: CommandRunner
    let work: URL
    var ledger: String { work.appendingPathComponent("ledger.sqlite").path }

    init() throws {
        cli = try CommandRunner()
        work = try Synthetic.temporaryDirectory()
        let corpus = work.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixtures.sample.appendingPathComponent("corpus/nasa-05.jpg"),
                                         to: corpus.appendingPathComponent("nasa-05.jpg"))
        let added = try cli.run(["corpus", "add", "sample", "--kind", "training", "--ledger", ledger, corpus.path])
        try #require(added.status == 0, "corpus add failed: \(added.stderr)")
    }

    @Test("without a tokens file, or with one that lists no token, serve refuses to start and says why")
    func refusesWithoutTokens() throws {
        let missing = try cli.run(["serve", "--against", "sample", "--ledger", ledger, "--tokens", work.appendingPathComponent("nope").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Cannot read the tokens file"))

        let empty = work.appendingPathComponent("tokens")
        try "# to be filled\n".write(to: empty, atomically: true, encoding: .utf8)
        let none = try cli.run(["serve", "--against", "sample", "--ledger", ledger, "--tokens", empty.path])
        #expect(none.status == 1)
        #expect(none.stderr.contains("lists no token"))
    }

    @Test("an unknown corpus is refused at start")
    func unknownCorpus() throws {
        let tokens = work.appendingPathComponent("tokens")
        try "serve-test-token-0123456789\n".write(to: tokens, atomically: true, encoding: .utf8)
        let result = try cli.run(["serve", "--against", "sample,elsewhere", "--ledger", ledger, "--tokens", tokens.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("elsewhere"))
    }

    @Test("serve listens on loopback, checks an image, and stops cleanly on SIGTERM")
    func servesUntilTerminated() async throws {
        let token = "serve-test-token-0123456789"
        let tokens = work.appendingPathComponent("tokens")
        try "\(token)\n".write(to: tokens, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = cli.executable
        process.arguments = ["serve", "--against", "sample", "--ledger", ledger, "--tokens", tokens.path, "--port", "0",
                             "--report-dir", work.appendingPathComponent("reports").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The first line names the port it listens on.
        var line = Data()
        while !line.contains(0x0A), let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty { line += byte }
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains("1 references from sample"))
        let port = try #require(text.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) })

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/check")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.httpBody = try Data(contentsOf: Fixtures.sample.appendingPathComponent("generated/gen-09.jpg"))
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("\"grade\":\"near-duplicate\""))

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(try Ledger(path: ledger).runs().contains { $0.command == "check" && $0.finishedAt != nil })
    }
}
