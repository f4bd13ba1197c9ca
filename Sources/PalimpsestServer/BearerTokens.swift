import PalimpsestCore
import Crypto
import Foundation

/// The bearer tokens that may use the service, read once at start from a file with one token
/// per line (blank lines and lines starting with `#` are ignored).
///
/// Tokens are kept only as SHA-256 digests, and a presented token is compared with every one
/// of them in time that does not depend on where, or whether, they differ.
///
/// ```swift
/// let tokens = try BearerTokens(contentsOf: "/etc/palimpsest/tokens")
/// tokens.accepts(authorization: "Bearer 3f9c…")  // true or false
/// ```
public struct BearerTokens: Sendable {
    /// Tokens shorter than this are refused as guessable.
    public static let minimumLength = 16

    private let digests: [[UInt8]]

    /// How many tokens are accepted.
    public var count: Int { digests.count }

    /// Accepts the given tokens.
    ///
    /// - Throws: ``ServerError/noTokens(path:)`` when there are none.
    public init(tokens: [String]) throws {
        guard !tokens.isEmpty else { throw ServerError.noTokens(path: "(none given)") }
        digests = tokens.map { Array(SHA256.hash(data: Data($0.utf8))) }
    }

    /// Reads the tokens file at `path`.
    ///
    /// - Throws: ``ServerError/tokensUnreadable(path:reason:)``, ``ServerError/noTokens(path:)``
    ///   when it lists none, ``ServerError/weakToken(path:line:minimumLength:)`` for a short token.
    public init(contentsOf path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ServerError.tokensUnreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        var tokens: [String] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let token = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if token.isEmpty || token.hasPrefix("#") { continue }
            guard token.count >= Self.minimumLength, !token.contains(where: \.isWhitespace) else {
                throw ServerError.weakToken(path: path, line: number + 1, minimumLength: Self.minimumLength)
            }
            tokens.append(token)
        }
        guard !tokens.isEmpty else { throw ServerError.noTokens(path: path) }
        try self.init(tokens: tokens)
    }

    /// Whether an `Authorization` header value carries one of the tokens (`Bearer <token>`,
    /// the scheme in any case).
    public func accepts(authorization: String?) -> Bool {
        guard let authorization, authorization.count > 7, authorization.prefix(7).lowercased() == "bearer " else { return false }
        let presented = Array(SHA256.hash(data: Data(authorization.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)))
        var matched = false
        for digest in digests {
            var difference: UInt8 = 0
            for (a, b) in zip(presented, digest) { difference |= a ^ b }
            matched = matched || difference == 0
        }
        return matched
    }
}
