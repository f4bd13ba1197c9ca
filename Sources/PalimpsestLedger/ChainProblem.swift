import PalimpsestCore

/// Something `palimpsest ledger verify` found wrong: a changed, removed or inserted record, a
/// broken link of the hash chain, a changed report file, or disabled protections.
public enum ChainProblem: Sendable, Equatable, CustomStringConvertible {
    /// Entries between two surviving ones are gone: `first…last` by position.
    case entriesMissing(first: Int64, last: Int64)
    /// The entry's previous-entry hash is not the hash of the entry before it.
    case linkBroken(seq: Int64, kind: LedgerEntryKind, recordID: String)
    /// The entry's own hash does not match its fields: the entry row itself was edited.
    case entryAltered(seq: Int64, kind: LedgerEntryKind, recordID: String)
    /// The row the entry covers is no longer in the ledger.
    case recordMissing(seq: Int64, kind: LedgerEntryKind, recordID: String)
    /// The row the entry covers (or, for a finding, one of its candidates) has changed.
    case recordChanged(seq: Int64, kind: LedgerEntryKind, recordID: String, recorded: String, now: String)
    /// A row is in the ledger but in no chain entry: it was inserted behind Palimpsest's back.
    case unchainedRecord(kind: LedgerEntryKind, recordID: String)
    /// A candidate row belongs to no finding.
    case orphanCandidate(candidateID: Int64, findingID: Int64)
    /// A report file the ledger lists is gone.
    case reportFileMissing(seq: Int64, recordID: String, path: String)
    /// A report file the ledger lists no longer has the recorded SHA-256.
    case reportFileChanged(seq: Int64, recordID: String, path: String, recorded: String, now: String)
    /// Triggers that keep result tables append-only were dropped.
    case protectionRemoved(triggers: [String])
    /// An anchored head hash is not in the chain.
    case anchorNotFound(String)

    /// The position of the chain entry concerned, when there is one.
    public var seq: Int64? {
        switch self {
        case let .entriesMissing(first, _): first
        case let .linkBroken(seq, _, _), let .entryAltered(seq, _, _), let .recordMissing(seq, _, _),
             let .recordChanged(seq, _, _, _, _), let .reportFileMissing(seq, _, _), let .reportFileChanged(seq, _, _, _, _):
            seq
        case .unchainedRecord, .orphanCandidate, .protectionRemoved, .anchorNotFound: nil
        }
    }

    /// One sentence naming the entry or record and what is wrong with it.
    public var description: String {
        switch self {
        case let .entriesMissing(first, last):
            first == last ? "entry \(first) is missing: it was removed from the chain"
                : "entries \(first)–\(last) are missing: they were removed from the chain"
        case let .linkBroken(seq, kind, id):
            "entry \(seq) (\(kind.rawValue) \(id)) does not follow from the entry before it: an entry was removed, inserted or rewritten"
        case let .entryAltered(seq, kind, id):
            "entry \(seq) (\(kind.rawValue) \(id)) was edited: its hash no longer matches its fields"
        case let .recordMissing(seq, kind, id):
            "entry \(seq): \(kind.rawValue) \(id) is no longer in the ledger: it was deleted"
        case let .recordChanged(seq, kind, id, recorded, now):
            "entry \(seq): \(kind.rawValue) \(id) was changed after it was recorded (content SHA-256 \(recorded.prefix(16))…, now \(now.prefix(16))…)"
        case let .unchainedRecord(kind, id):
            "\(kind.rawValue) \(id) is in no chain entry: it was inserted outside Palimpsest"
        case let .orphanCandidate(candidate, finding):
            "candidate \(candidate) belongs to finding \(finding), which is not in the ledger"
        case let .reportFileMissing(seq, id, path):
            "entry \(seq): report file \(id) at \(path) is missing"
        case let .reportFileChanged(seq, id, path, recorded, now):
            "entry \(seq): report file \(id) at \(path) was changed after it was written (SHA-256 \(recorded.prefix(16))…, now \(now.prefix(16))…)"
        case let .protectionRemoved(triggers):
            "the append-only triggers \(triggers.joined(separator: ", ")) were dropped"
        case let .anchorNotFound(hash):
            "the anchored head \(hash) is not in the chain: the chain was truncated or rewritten after it was anchored"
        }
    }
}
