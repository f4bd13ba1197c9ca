import Foundation
import PalimpsestCore
import PalimpsestSearch
import PalimpsestDecode
import PalimpsestFingerprint
import PalimpsestLedger
import PalimpsestMetadata
import PalimpsestMatch
import PalimpsestReport

/// What to audit against and how.
public struct AuditOptions: Sendable {
    /// The training corpora.
    public var training: [String]
    /// Prompts by file name, from `--prompts`; outputs not listed fall back to the prompt in
    /// their own metadata (Automatic1111, ComfyUI, NovelAI, InvokeAI).
    public var prompts = PromptTable()
    /// Where `<run-id>/report.json` is written.
    public var reportDirectory = "Reports"
    /// Every number of matching and grading: a scan's, with the audit's flag score
    /// (``MatchingConfiguration/audit``), for output–training pairs and output–output pairs alike.
    public var configuration = MatchingConfiguration.audit
    /// The grade rules of ``configuration``.
    public var thresholds: Thresholds {
        get { configuration.grading }
        set { configuration.grading = newValue }
    }
    /// How many training images to match against the rest of the training data for the background.
    public var backgroundSample = 200

    /// Options for an audit against `training`.
    public init(training: [String]) { self.training = training }
}

/// The outcome of an audit.
public struct AuditOutcome: Sendable {
    /// The run id.
    public var runID: String
    /// The report written.
    public var reportPath: String
    /// Its content, with the `audit` section.
    public var report: ScanReport
}

/// Measures memorization: scans a model's outputs against its training data, compares the
/// outputs' best-match scores with training images' scores against each other, and groups
/// outputs that are near-duplicates of each other.
public struct AuditJob: Sendable {
    /// The ledger.
    public let ledger: Ledger
    /// Decodes and fingerprints.
    public let analyzer: ImageAnalyzer
    /// Threads to use.
    public let jobs: Int

    /// Creates an audit job.
    public init(ledger: Ledger, analyzer: ImageAnalyzer = ImageAnalyzer(), jobs: Int = OrderedParallel.cores) {
        self.ledger = ledger
        self.analyzer = analyzer
        self.jobs = jobs
    }

    /// Audits every image under `paths`.
    public func run(paths: [String], options: AuditOptions, commandLine: String) throws -> AuditOutcome {
        var scanOptions = ScanOptions(corpora: options.training)
        scanOptions.configuration = options.configuration
        scanOptions.command = "audit"
        scanOptions.writesReport = false
        let scan = try ScanJob(ledger: ledger, analyzer: analyzer, jobs: jobs).run(paths: paths, options: scanOptions, commandLine: commandLine)

        let findings = scan.report.findings
        var prompts = options.prompts
        for stored in try ledger.findings(inRun: scan.runID) {
            guard let json = stored.query.metadata,
                  let metadata = try? JSONCoding.decoder.decode(ProvenanceMetadata.self, from: Data(json.utf8)),
                  let prompt = metadata.prompt, !prompt.isEmpty else { continue }
            prompts.addIfAbsent(path: stored.finding.queryPath, prompt: prompt)
        }
        let scorer = Scorer(configuration: options.configuration)
        let clusters = OutputClusters(analyzer: analyzer, scorer: scorer, jobs: jobs).find(paths: findings.map(\.query.path))
        let background = try TrainingBackground(ledger: ledger, analyzer: analyzer, scorer: scorer, jobs: jobs)
            .bestScores(corpora: options.training, sample: options.backgroundSample)
        let section = Self.section(findings: findings, clusters: clusters, background: background, prompts: prompts)

        try ledger.recordAuditSummary(runID: scan.runID, json: try JSONCoding.string(section))
        let written = try ReportWriter(ledger: ledger, decode: analyzer.options.decode, jobs: jobs)
            .write(runID: scan.runID, under: options.reportDirectory)
        return AuditOutcome(runID: scan.runID, reportPath: written.jsonPath, report: written.report)
    }

    /// Assembles the report's `audit` section.
    static func section(findings: [ScanReport.Finding], clusters: [[String]], background: [Double], prompts: PromptTable) -> AuditSection {
        let memorizing: Set<String> = [Grade.exact.rawValue, Grade.nearDuplicate.rawValue, Grade.derivative.rawValue]
        var byGrade: [String: Int] = [:]
        var memorized: [MemorizedOutput] = []
        for finding in findings {
            guard let best = finding.matches.first(where: { memorizing.contains($0.grade) }) else { continue }
            byGrade[best.grade, default: 0] += 1
            memorized.append(MemorizedOutput(
                output: finding.query.path, outputSha256: finding.query.sha256, training: best.reference.path,
                trainingSha256: best.reference.sha256, corpus: best.reference.corpus ?? "", grade: best.grade,
                score: best.score, findingId: finding.id))
        }
        memorized.sort { $0.score > $1.score }
        let clusterOf = Dictionary(clusters.flatMap { members in members.map { ($0, members.count) } }, uniquingKeysWith: max)
        var perPrompt: [String: PromptSummary] = [:]
        let memorizedPaths = Set(memorized.map(\.output))
        for finding in findings {
            guard let prompt = prompts.prompt(for: finding.query.path) else { continue }
            var summary = perPrompt[prompt] ?? PromptSummary(prompt: prompt, outputs: 0, memorized: 0, largestCluster: 1)
            summary.outputs += 1
            if memorizedPaths.contains(finding.query.path) { summary.memorized += 1 }
            summary.largestCluster = max(summary.largestCluster, clusterOf[finding.query.path] ?? 1)
            perPrompt[prompt] = summary
        }
        return AuditSection(
            outputs: findings.count, memorized: memorized.count, memorizedByGrade: byGrade,
            memorizationRate: findings.isEmpty ? 0 : Double(memorized.count) / Double(findings.count),
            memorizedOutputs: memorized,
            outputScores: ScoreDistribution(findings.map(\.score)),
            trainingBackground: ScoreDistribution(background),
            clusters: clusters.map { members in
                let shared = Set(members.map { prompts.prompt(for: $0) })
                return OutputCluster(size: members.count, outputs: members, prompt: shared.count == 1 ? shared.first! : nil)
            },
            prompts: perPrompt.values.sorted { ($0.outputs, $0.prompt) > ($1.outputs, $1.prompt) })
    }
}
