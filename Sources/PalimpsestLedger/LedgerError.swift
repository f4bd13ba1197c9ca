import PalimpsestCore

/// A failure of the ledger: opening it, or a request it cannot satisfy.
public enum LedgerError: PalimpsestError, Equatable {
    /// The ledger file or database could not be opened, created or migrated.
    case cannotOpen(path: String, reason: String)
    /// A `postgres://` URL that cannot be used.
    case invalidLocation(String, reason: String)
    /// The database refused a request or the connection to it failed.
    case databaseFailure(String)
    /// The database holds migrations this version of Palimpsest does not know.
    case newerSchema(migrations: [String])
    /// The run has no queue of inputs.
    case noQueue(runID: String)
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
        case .cannotOpen, .invalidLocation: "ledger"
        case .databaseFailure: "ledger-database"
        case .newerSchema: "ledger-schema"
        case .noQueue: "no-queue"
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
            "Cannot open the ledger at \(path): \(reason). Check the path and its permissions (or the server, user, password and database of a postgres:// URL), or pass --ledger FILE or --ledger postgres://USER@HOST/DATABASE."
        case let .invalidLocation(text, reason):
            "Cannot use \(text) as a ledger: \(reason). Write postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|prefer|require|verify-full], or a file path."
        case let .databaseFailure(reason):
            "The ledger database failed: \(reason). Check the server and the ledger URL, then run the command again."
        case let .newerSchema(migrations):
            "The ledger was upgraded by a newer Palimpsest (migrations \(migrations.joined(separator: ", ")) are unknown here). Use that version or a newer one."
        case let .noQueue(runID):
            "The run \(runID) has no queue of inputs. Queue inputs with `palimpsest scan PATHS --against CORPORA --enqueue`, which prints the run id to give workers."
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
