import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// Why the service cannot start.
public enum ServerError: PalimpsestError, Equatable {
    /// The tokens file cannot be read.
    case tokensUnreadable(path: String, reason: String)
    /// The tokens file lists no token.
    case noTokens(path: String)
    /// A token is too short to be a secret.
    case weakToken(path: String, line: Int, minimumLength: Int)
    /// The OpenAPI document is missing from the installation.
    case missingOpenAPIDocument

    /// A short stable name for the kind of failure.
    public var kind: String {
        switch self {
        case .tokensUnreadable: "tokens-unreadable"
        case .noTokens: "no-tokens"
        case .weakToken: "weak-token"
        case .missingOpenAPIDocument: "missing-openapi"
        }
    }

    /// A sentence that says what went wrong and what to do about it.
    public var message: String {
        switch self {
        case let .tokensUnreadable(path, reason):
            "Cannot read the tokens file \(path) (\(reason)): give --tokens a readable file with one bearer token per line."
        case let .noTokens(path):
            "The tokens file \(path) lists no token, so nobody could use the service: add one token per line "
                + "(for example the output of `openssl rand -hex 32`); lines starting with # are comments."
        case let .weakToken(path, line, minimumLength):
            "The token on line \(line) of \(path) is shorter than \(minimumLength) characters or contains spaces: "
                + "use long random tokens (for example `openssl rand -hex 32`)."
        case .missingOpenAPIDocument:
            "The OpenAPI document (openapi.yaml) is missing from the installation: reinstall Palimpsest with its resource bundle."
        }
    }
}
