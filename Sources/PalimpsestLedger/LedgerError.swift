import PalimpsestCore

/// A failure of the ledger: opening it, or a request it cannot satisfy.
public enum LedgerError: PalimpsestError, Equatable {
    /// The ledger file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// No corpus has that name.
    case unknownCorpus(String)
    /// A corpus with that name exists with another kind.
    case corpusKindMismatch(name: String, existing: String, requested: String)
    /// No run has that id.
    case unknownRun(String)
    /// No finding has that id.
    case unknownFinding(Int64)
    /// A row to be chained was not found in the same transaction (a bug, not a user error).
    case cannotChain(kind: String, recordID: String)

    public var kind: String {
        switch self {
        case .cannotOpen: "ledger"
        case .unknownCorpus: "unknown-corpus"
        case .corpusKindMismatch: "corpus-kind"
        case .unknownRun: "unknown-run"
        case .unknownFinding: "unknown-finding"
        case .cannotChain: "chain"
        }
    }

    public var message: String {
        switch self {
        case let .cannotOpen(path, reason):
            "Cannot open the ledger at \(path): \(reason). Check the path and its permissions, or pass --ledger FILE."
        case let .unknownCorpus(name):
            "There is no corpus named \"\(name)\". Run `palimpsest corpus list` to see the corpora, or add it with `palimpsest corpus add`."
        case let .corpusKindMismatch(name, existing, requested):
            "The corpus \"\(name)\" already exists with kind \(existing), not \(requested). Use another name or the same kind."
        case let .unknownRun(id):
            "There is no run with id \(id). Run ids are printed by `palimpsest scan` and listed in the report folder."
        case let .unknownFinding(id):
            "There is no finding with id \(id). Finding ids are listed in each run's report.json and report.html."
        case let .cannotChain(kind, recordID):
            "The \(kind) \(recordID) could not be read back to chain it; nothing was recorded. Please report this as a bug."
        }
    }
}
