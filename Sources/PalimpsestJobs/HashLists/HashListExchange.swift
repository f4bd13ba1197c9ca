import Foundation
import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import PalimpsestLedger

/// The outcome of `corpus import-hashes`.
public struct HashImportSummary: Sendable {
    /// The run that recorded it.
    public var runID: String
    /// The format the list was read as (`nil` for an empty list).
    public var format: HashListFormat?
    /// Hashes read from the list.
    public var read = 0
    /// Hashes newly added to the corpus.
    public var added = 0
    /// Hashes the corpus already held (repeated in the list, or imported before).
    public var alreadyPresent = 0
    /// The lines that could not be read, in list order.
    public var problems: [HashListProblem] = []
}

/// Imports a hash list (``HashListFormat``) into a corpus as hash-only references, and
/// exports a corpus's PDQ hashes as one.
///
/// A malformed line never stops an import: every such line is reported with its number and
/// reason, the other lines are imported, and the run records a summary of the bad lines (the
/// command then exits 2). With `strict`, any malformed line means nothing is imported.
/// Importing the same list again adds nothing.
///
/// ```swift
/// let exchange = HashListExchange(ledger: ledger)
/// let list = HashListParser(source: "flagged.txt").parse(try HashListExchange.read("flagged.txt"))
/// let summary = try exchange.importList(list, source: "flagged.txt", into: "flagged", kind: nil, commandLine: "…")
/// let text = try exchange.export(corpus: "flagged", format: .threatexchange)
/// ```
public struct HashListExchange: Sendable {
    /// Where corpora are recorded.
    public let ledger: Ledger

    /// Creates an exchange over a ledger.
    public init(ledger: Ledger) {
        self.ledger = ledger
    }

    /// Reads a list file, or standard input for `-`.
    ///
    /// - Throws: ``HashListError/unreadable(path:reason:)``.
    public static func read(_ path: String) throws -> String {
        do {
            let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: path))
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw HashListError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// Imports a parsed list into corpus `name`, creating it with `kind` (`registry` when
    /// `nil`) if it does not exist.
    ///
    /// - Parameters:
    ///   - list: the list, as ``HashListParser`` read it.
    ///   - source: how the list is named in the run's record (its path, or `stdin`).
    ///   - name: the corpus.
    ///   - kind: the kind for a new corpus; for an existing one, `nil` or its kind.
    ///   - strict: import nothing when a line is malformed.
    ///   - commandLine: recorded with the run.
    /// - Throws: ``LedgerError/corpusKindMismatch(name:existing:requested:)``,
    ///   ``HashListError/malformedLines(source:count:)`` when `strict` and a line is bad.
    public func importList(_ list: ParsedHashList, source: String, into name: String, kind: CorpusKind?, strict: Bool = false,
                           commandLine: String) throws -> HashImportSummary {
        if strict, !list.problems.isEmpty { throw HashListError.malformedLines(source: source, count: list.problems.count) }
        let existing = try ledger.corpus(named: name)
        let corpus = try ledger.ensureCorpus(named: name, kind: kind ?? existing?.kind ?? .registry)
        let runID = RunIdentifier.make()
        try ledger.begin(RunRecord(id: runID, command: "corpus-import-hashes", commandLine: commandLine,
                                   toolVersion: PalimpsestVersion.current, startedAt: Ledger.timestamp(),
                                   corpora: try JSONCoding.string([name])))
        let counts = try ledger.importHashes(list.entries, intoCorpus: corpus.id!)
        if !list.problems.isEmpty {
            let shown = list.problems.prefix(20).map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
            let more = list.problems.count > 20 ? "; and \(list.problems.count - 20) more" : ""
            try ledger.record(FileErrorRecord(runId: runID, path: source, kind: "malformed-hash-lines",
                                              message: "\(list.problems.count) malformed lines not imported: \(shown)\(more)",
                                              createdAt: Ledger.timestamp()))
        }
        try ledger.finishRun(id: runID)
        return HashImportSummary(runID: runID, format: list.format, read: list.entries.count, added: counts.added,
                                 alreadyPresent: counts.alreadyPresent, problems: list.problems)
    }

    /// The PDQ hash of every member of corpus `name` (image files and hash-only references),
    /// as a list in `format`, ordered by hash and then label.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)``.
    public func export(corpus name: String, format: HashListFormat) throws -> String {
        format.render(try ledger.hashList(ofCorpus: name))
    }
}
