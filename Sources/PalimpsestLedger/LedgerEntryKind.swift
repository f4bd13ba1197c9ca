import PalimpsestCore

/// What a ledger chain entry covers: one row of one of the append-only tables.
public enum LedgerEntryKind: String, Codable, Sendable, CaseIterable {
    /// A row of `run`: a command's start, settings and command line.
    case run
    /// A row of `run_completion`: the end of a run (a run resumed and finished again has several).
    case runCompletion = "run-completion"
    /// A row of `finding` with every `candidate` row that belongs to it.
    case finding
    /// A row of `file_error`: an input that could not be processed.
    case fileError = "file-error"
    /// A row of `report`: a report file and its SHA-256.
    case report

    /// The table the covered row lives in.
    var table: String {
        switch self {
        case .run: "run"
        case .runCompletion: "run_completion"
        case .finding: "finding"
        case .fileError: "file_error"
        case .report: "report"
        }
    }
}
