import PalimpsestCore

/// The outcome of ``Ledger/verifyChain(expectedHead:checkReportFiles:)``.
public struct ChainVerification: Sendable {
    /// Entries in the chain.
    public var entryCount: Int
    /// The last entry: the value to anchor outside the ledger.
    public var head: LedgerEntryRecord?
    /// Report files re-hashed (the latest record of each path).
    public var reportFilesChecked: Int
    /// Everything wrong, in chain order; empty when the ledger is intact.
    public var problems: [ChainProblem]

    /// Whether nothing was found wrong.
    public var isIntact: Bool { problems.isEmpty }
}
