import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch

/// Why a check cannot be made as asked.
public enum CheckError: PalimpsestError, Equatable {
    /// The request named a corpus the service does not serve.
    case corpusNotServed(String, served: [String])
    /// No image bytes were given.
    case emptyUpload

    /// `corpus-not-served` or `empty-upload`.
    public var kind: String {
        switch self {
        case .corpusNotServed: "corpus-not-served"
        case .emptyUpload: "empty-upload"
        }
    }

    /// A sentence that says what went wrong and what to do about it.
    public var message: String {
        switch self {
        case let .corpusNotServed(name, served):
            "The corpus \"\(name)\" is not served here: ask for some of \(served.joined(separator: ", ")), "
                + "or restart the service with it in --against."
        case .emptyUpload:
            "The request carries no image: send the image's bytes as the body, or as the one file part of a multipart form."
        }
    }
}
