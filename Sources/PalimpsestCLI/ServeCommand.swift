import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest
import PalimpsestServer

/// `palimpsest serve`: the HTTP check service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer checks of single images over HTTP.",
        discussion: """
            Loads the references of the corpora once, then answers POST /v1/check (the image as \
            the body, or one file of a multipart form; ?corpora=a,b and ?top=K) with the finding \
            as report.json shows it. Each check is analysed and graded exactly as `scan` would, \
            and recorded in the ledger as a finished run of its own (command `check`); the image \
            is kept under DIR/uploads/ by SHA-256. GET /v1/findings/{id}, \
            /v1/runs/{id}/report.html, /metrics and /openapi.yaml read back; /healthz needs no token.

            Every other route needs `Authorization: Bearer <token>`, with a token from the \
            --tokens file (one per line, at least 16 characters, # starts a comment). The \
            references are reloaded when a served corpus changes (polled every \
            --refresh-interval seconds). SIGINT or SIGTERM stop the service after the requests \
            in flight.

            Example:
              openssl rand -hex 32 > tokens
              palimpsest serve --against paintings --tokens tokens --port 8080
              curl -H "Authorization: Bearer $(cat tokens)" --data-binary @out.png localhost:8080/v1/check
            """
    )

    @Option(help: ArgumentHelp("Corpora to serve, comma-separated.", valueName: "name[,name...]"))
    var against: String

    @Option(help: ArgumentHelp("File of bearer tokens, one per line.", valueName: "file"))
    var tokens: String

    @Option(help: ArgumentHelp("Address to listen on.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(help: ArgumentHelp("Port to listen on (0 picks a free one).", valueName: "port"))
    var port = 8080

    @Option(help: ArgumentHelp("Where uploads and run folders with reports are written.", valueName: "dir"))
    var reportDir = "Reports"

    @Option(help: ArgumentHelp("Largest request body accepted.", valueName: "bytes"))
    var maxBodyBytes = 32 * 1024 * 1024

    @Option(help: ArgumentHelp("Refuse images with more pixels than this, read from the header before decoding.", valueName: "pixels"))
    var maxPixels = 100_000_000

    @Option(help: ArgumentHelp("Longest a request may take, reading its body included.", valueName: "seconds"))
    var requestTimeout: Double = 30

    @Option(help: ArgumentHelp("How often to look for changes in the served corpora.", valueName: "seconds"))
    var refreshInterval: Double = 5

    @OptionGroup var ledgerOptions: LedgerOptions

    var corpora: [String] { commaSeparatedNames(against) }

    func validate() throws {
        if corpora.isEmpty { throw ValidationError("--against needs at least one corpus name.") }
        if !(0 ... 65535).contains(port) { throw ValidationError("--port must be between 0 and 65535.") }
        if maxBodyBytes < 1 { throw ValidationError("--max-body-bytes must be positive.") }
        if maxPixels < 1 { throw ValidationError("--max-pixels must be positive.") }
        if requestTimeout <= 0 { throw ValidationError("--request-timeout must be positive.") }
        if refreshInterval <= 0 { throw ValidationError("--refresh-interval must be positive.") }
    }

    func run() async throws {
        let tokens = try BearerTokens(contentsOf: self.tokens)
        let ledger = try ledgerOptions.open(checkpoints: .whenAsked)
        var checkOptions = CheckOptions(corpora: corpora)
        checkOptions.reportDirectory = reportDir
        let analyzer = ImageAnalyzer(options: AnalysisOptions(maxPixels: maxPixels, maxFileBytes: maxBodyBytes))
        let service = try CheckService(ledger: ledger, analyzer: analyzer, options: checkOptions)
        var options = ServerOptions()
        options.host = host
        options.port = port
        options.maxBodyBytes = maxBodyBytes
        options.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        options.refreshInterval = .milliseconds(Int64(refreshInterval * 1000))
        let server = try CheckServer(service: service, tokens: tokens, options: options)
        let served = service.corpora
        let host = self.host
        try await server.run { port in
            FileHandle.standardOutput.write(Data("""
                palimpsest serve: \(served.referenceCount) references from \(served.names.joined(separator: ", ")), \
                \(tokens.count) token(s); listening on http://\(host):\(port)\n
                """.utf8))
        }
    }
}
