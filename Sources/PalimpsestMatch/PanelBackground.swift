import PalimpsestCore

/// A fixed panel a configuration can name: registered under its name, pinned by its digest.
public protocol NamedPanel: Sendable {
    /// Names the panel in configurations.
    var name: String { get }
    /// SHA-256 of its encoded contents, in hex.
    var digest: String { get }
    /// The panel in words, for reports: what it holds and where it came from.
    var summary: String { get }
}

/// The panels of one kind this build knows: add a panel by adding its file and a line to `all`.
public protocol PanelRegistry {
    associatedtype Panel: NamedPanel
    /// Every registered panel.
    static var all: [Panel] { get }
    /// What the panels are, for messages ("embedding background panel").
    static var kind: String { get }
    /// What is measured against instead of a panel, in words, for reports.
    static var corpusSummary: String { get }
}

extension PanelRegistry {
    /// The registered panel called `name`.
    public static func named(_ name: String) -> Panel? {
        all.first { $0.name == name }
    }
}

/// What a query is measured against to learn what is ordinary: a fixed panel of one kind (the
/// default), so that a pair's score depends on the two images and the configuration only, or, as
/// in runs recorded before panels existed, the corpus searched.
public struct PanelBackground<Registry: PanelRegistry>: Codable, Sendable, Equatable {
    /// Where the background comes from.
    public enum Source: String, Codable, Sendable {
        /// A registered panel: scores do not depend on what else the corpus holds.
        case panel
        /// The corpus searched: scores move as the corpus grows.
        case corpus
    }

    /// Where the background comes from.
    public var source: Source
    /// The panel's name, for ``Source/panel``.
    public var panel: String?
    /// The panel's digest, so that a panel of the same name with other contents is never taken
    /// for it.
    public var panelDigest: String?

    /// A background as named: for ``Source/panel``, a registered panel's name and, to pin its
    /// contents, its digest.
    public init(source: Source, panel: String? = nil, panelDigest: String? = nil) {
        self.source = source
        self.panel = panel
        self.panelDigest = panelDigest
    }

    /// The background of runs recorded before panels existed.
    public static var corpus: Self { Self(source: .corpus) }

    /// The background of `panel`.
    public static func panel(_ panel: Registry.Panel) -> Self {
        Self(source: .panel, panel: panel.name, panelDigest: panel.digest)
    }

    /// The registered panel this names, when its name and digest match one; `nil` for
    /// ``Source/corpus``.
    ///
    /// - Throws: ``PanelBackgroundError`` when it names a panel this build does not have.
    public func resolvedPanel() throws -> Registry.Panel? {
        guard source == .panel else { return nil }
        guard let name = panel, let found = Registry.named(name) else {
            throw PanelBackgroundError.unknownPanel(Registry.kind, panel ?? "(none)", known: Registry.all.map(\.name))
        }
        guard panelDigest == nil || panelDigest == found.digest else { throw PanelBackgroundError.otherContents(Registry.kind, name) }
        return found
    }

    /// A sentence for reports: what was measured against.
    public var summary: String {
        switch source {
        case .corpus:
            return Registry.corpusSummary
        case .panel:
            guard let found = try? resolvedPanel() else { return "the \(Registry.kind) \(panel ?? "?") (not in this build)" }
            return found.summary
        }
    }
}

/// Why a configuration's ``PanelBackground`` cannot be used by this build.
public enum PanelBackgroundError: Error, Equatable, CustomStringConvertible {
    /// The configuration names a panel (of the kind given) this build does not have.
    case unknownPanel(String, String, known: [String])
    /// A panel of that kind and name exists with other contents.
    case otherContents(String, String)

    public var description: String {
        switch self {
        case let .unknownPanel(kind, name, known):
            "the \(kind) \(name) is not in this build of Palimpsest (it has \(known.joined(separator: ", ")))"
        case let .otherContents(kind, name):
            "the \(kind) \(name) of this build has other contents than the configuration's digest names"
        }
    }
}

/// What a query's embedding similarity is normalised against.
public typealias EmbeddingBackground = PanelBackground<BackgroundPanels>

/// What a query keypoint's code is weighed against before it votes.
public typealias VoteBackground = PanelBackground<CodePanels>
