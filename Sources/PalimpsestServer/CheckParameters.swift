import PalimpsestCore
import Foundation
import Hummingbird

/// The query parameters of `POST /v1/check`: `corpora=a,b` (a subset of the served corpora)
/// and `top=K` (candidates to return). Any other parameter is refused, so that a misspelt
/// one is not silently ignored.
struct CheckParameters: Equatable {
    /// The corpora to match against, or `nil` for all served ones.
    var corpora: [String]?
    /// How many candidates to return.
    var top = 5

    /// Reads the parameters of `request`.
    ///
    /// - Throws: ``APIError/invalidParameter(_:)`` for an unknown, repeated, empty or out-of-range parameter.
    init(_ request: Request, maxTop: Int) throws {
        var seen = Set<String>()
        for (key, value) in request.uri.queryParameters {
            let key = String(key)
            guard seen.insert(key).inserted else { throw APIError.invalidParameter("The parameter \(key) is given twice: give it once.") }
            switch key {
            case "corpora":
                let names = value.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet.whitespaces) }.filter { !$0.isEmpty }
                guard !names.isEmpty else {
                    throw APIError.invalidParameter("corpora is empty: name one or more served corpora, separated by commas, or leave it out.")
                }
                corpora = names
            case "top":
                guard let top = Int(value), (1 ... maxTop).contains(top) else {
                    throw APIError.invalidParameter("top must be a whole number from 1 to \(maxTop), not \"\(value)\".")
                }
                self.top = top
            default:
                throw APIError.invalidParameter("Unknown parameter \"\(key)\": POST /v1/check takes only corpora and top.")
            }
        }
    }
}
