import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import Foundation
import PalimpsestLedger
import PalimpsestMatch

/// The references a ``CheckService`` serves, as loaded at one ``CorpusRevision``: a matcher
/// over all the served corpora and, built on first use, matchers over subsets of them (a
/// subset is matched exactly as `scan --against` that subset would be, with the embedding
/// background and reference order of that subset alone).
public final class ServedCorpora: Sendable {
    /// The served corpus names, sorted.
    public let names: [String]
    /// The membership the references were loaded at.
    public let revision: CorpusRevision
    /// When they were loaded (ISO 8601, UTC).
    public let loadedAt: String
    /// Matches against all of ``names``.
    public let all: QueryMatcher
    private let ledger: Ledger
    private let analyzer: ImageAnalyzer
    private let configuration: MatchingConfiguration
    private let cachedSubsets: Int
    private let subsets = Locked<[[String]: QueryMatcher]>([:])
    private let building = NSLock()

    /// Loads the references of `names` from the ledger. The revision is read first, so that a
    /// change made during loading is seen as a change at the next poll.
    ///
    /// - Throws: ``LedgerError/unknownCorpus(_:)`` when a name is not a corpus.
    init(names: [String], ledger: Ledger, analyzer: ImageAnalyzer, configuration: MatchingConfiguration, cachedSubsets: Int) throws {
        self.names = Array(Set(names)).sorted()
        self.ledger = ledger
        self.analyzer = analyzer
        self.configuration = configuration
        self.cachedSubsets = cachedSubsets
        revision = try ledger.revision(ofCorpora: self.names)
        loadedAt = Ledger.timestamp()
        all = try QueryMatcher(ledger: ledger, corpora: self.names, analyzer: analyzer, configuration: configuration)
    }

    /// How many distinct references are loaded, image and hash-only.
    public var referenceCount: Int { all.referenceCount }

    /// The corpora `subset` stands for (sorted; all served ones when `nil` or empty) and the
    /// matcher over them.
    ///
    /// - Throws: ``CheckError/corpusNotServed(_:served:)`` for a name that is not served.
    public func matcher(for subset: [String]?) throws -> (corpora: [String], matcher: QueryMatcher) {
        let key = Array(Set(subset ?? [])).sorted()
        if let name = key.first(where: { !names.contains($0) }) { throw CheckError.corpusNotServed(name, served: names) }
        if key.isEmpty || key == names { return (names, all) }
        if let cached = subsets.withLock({ $0[key] }) { return (key, cached) }
        building.lock()
        defer { building.unlock() }
        if let cached = subsets.withLock({ $0[key] }) { return (key, cached) }
        let matcher = try QueryMatcher(ledger: ledger, corpora: key, analyzer: analyzer, configuration: configuration)
        subsets.withLock { cache in
            if cache.count >= cachedSubsets { cache.removeAll() }
            cache[key] = matcher
        }
        return (key, matcher)
    }
}
