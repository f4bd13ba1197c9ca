import PalimpsestCore
import Foundation
import PalimpsestMatch

extension HTMLReportRenderer {
    /// When, what against what, settings, counts by grade and the score histogram.
    func summarySection() -> HTML {
        let counts: [HTML] = Grade.allCases.map { grade in
            "<div class=\"card count-\(cssName(grade.rawValue))\"><b>\(report.summary.byGrade[grade.rawValue] ?? 0)</b>\(grade.rawValue)</div>"
        }
        let histogram = ScoreHistogram(scores: report.findings.map(\.score), flagScore: thresholds.flagScore)
        return """
            <section id="summary">
            <h2>Run summary</h2>
            \(runFacts())
            <div class="cards">
            <div class="card"><b>\(report.summary.queries)</b>queries</div>
            <div class="card"><b>\(report.summary.flagged)</b>flagged</div>
            <div class="card"><b>\(report.summary.errors)</b>failed to read</div>
            \(counts)
            </div>
            <h3>Best-match score of each query</h3>
            \(histogram.svg)
            <p class="muted">Each query counts once, at its best candidate's score; red bars are at or above the flag score.</p>
            <div class="two-col">
            <div><h3>Thresholds (\(thresholds.version))</h3>\(thresholdTable())</div>
            <div><h3>Algorithms</h3>\(algorithmTable())</div>
            </div>
            </section>
            """
    }

    /// The run's identity: when it ran, on what, against what.
    func runFacts() -> HTML {
        let run = report.run
        let queries = report.findings.map(\.query.path) + report.errors.map(\.path)
        let folder: String = commonFolder(queries).map { " under " + $0 } ?? ""
        let finished: String = run.finishedAt.map { $0 + " UTC" } ?? "not finished (interrupted, or still running)"
        return """
            <dl class="facts">
            <dt>Run</dt><dd><code>\(run.id)</code> (\(run.command), Palimpsest \(run.toolVersion))</dd>
            <dt>Started</dt><dd>\(run.startedAt) UTC</dd>
            <dt>Finished</dt><dd>\(finished)</dd>
            <dt>Scanned</dt><dd>\(queries.count) files\(folder)</dd>
            <dt>Against</dt><dd>\(run.corpora.isEmpty ? "—" : run.corpora.joined(separator: ", "))</dd>
            <dt>Command</dt><dd><code>\(run.commandLine)</code></dd>
            <dt>Matching rules</dt><dd>\(configurationFact())</dd>
            \(backgroundFact())
            </dl>
            """
    }

    /// The matching configuration's version and fingerprint, which name every number the run
    /// was graded by (all of them are in `report.json`).
    private func configurationFact() -> HTML {
        guard let configuration = report.run.configuration, let fingerprint = report.run.configurationFingerprint else {
            return "not recorded (a run made before configurations were recorded; its thresholds are below)"
        }
        return "\(configuration.version), fingerprint <code>\(fingerprint)</code> (every number is in report.json)"
    }

    /// What embedding similarities were normalised against and local-feature votes weighed
    /// against, since a score means nothing without its background.
    private func backgroundFact() -> HTML {
        guard let retrieval = report.run.configuration?.retrieval else { return .empty }
        return """
            <dt>Embedding background</dt><dd>\(retrieval.embeddingBackground.summary)</dd>
            <dt>Local-feature votes weighed against</dt><dd>\(retrieval.voteBackground.summary)</dd>
            """
    }

    private func thresholdTable() -> HTML {
        let t = thresholds
        let rows: [(String, String)] = [
            ("Flag score", number(t.flagScore, 2)), ("PDQ near-duplicate distance", "≤ \(t.pdqNearDuplicate) of 256"),
            ("PDQ minimum quality", "\(t.pdqMinimumQuality)"), ("pHash near-duplicate distance", "≤ \(t.phashNearDuplicate) of 64"),
            ("Same picture: aligned edges", "≥ \(number(Double(t.nearDuplicateEdges), 2))"),
            ("Same picture: matching tiles", "≥ \(number(Double(t.nearDuplicateTiles) * 100, 0))%"),
            ("Partial: coverage below", "\(number(Double(t.partialCoverage) * 100, 0))%"),
            ("Derivative strength: light / medium edges", "≥ \(number(Double(t.lightDerivativeEdges), 2)) / ≥ \(number(Double(t.mediumDerivativeEdges), 2))"),
            ("Candidates per signal", "\(t.candidatesPerSignal)"), ("Candidates verified", "\(t.verifiedCandidates)"),
        ]
        return keyValueTable(rows)
    }

    private func algorithmTable() -> HTML {
        keyValueTable((report.run.algorithms ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    private func keyValueTable(_ rows: [(String, String)]) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"muted\">Not recorded.</p>" }
        let body: [HTML] = rows.map { "<tr><th scope=\"row\">\($0.0)</th><td>\($0.1)</td></tr>" }
        return "<div class=\"scroll\"><table>\(body)</table></div>"
    }

    /// The flagged queries, worst first, each linking to its section.
    func flaggedTable(_ flagged: [ScanReport.Finding]) -> HTML {
        guard !flagged.isEmpty else {
            return "<section id=\"flagged\"><h2>Flagged queries</h2><p>No query was flagged.</p></section>"
        }
        let rows: [HTML] = flagged.enumerated().map { index, finding in
            let best = finding.matches.first
            return """
                <tr><td class="num" data-label="#">\(index + 1)</td>
                <td class="path" data-label="Query"><a href="#finding-\(finding.id)">\(fileName(finding.query.path))</a></td>
                <td class="path" data-label="Best match">\(best.map { fileName($0.reference.path) + ($0.reference.hashOnly == true ? " (hash only)" : "") }, or: "—")</td>
                <td data-label="Corpus">\(best?.reference.corpus, or: "—")</td>
                <td data-label="Grade">\(badge(finding.grade))</td>
                <td class="num" data-label="Score">\(number(finding.score))</td></tr>
                """
        }
        return """
            <section id="flagged">
            <h2>Flagged queries, worst first</h2>
            <div class="scroll"><table class="responsive">
            <thead><tr><th>#</th><th>Query</th><th>Best match</th><th>Corpus</th><th>Grade</th><th>Score</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            </section>
            """
    }

    /// Queries that were not flagged, by score.
    func unflaggedSection() -> HTML {
        let rest = report.findings.filter { severity($0.grade) == 0 }.sorted { ($0.score, -$0.id) > ($1.score, -$1.id) }
        guard !rest.isEmpty else { return "<section id=\"unflagged\"><h2>Not flagged</h2><p>Every query was flagged.</p></section>" }
        let rows: [HTML] = rest.map { finding in
            """
            <tr><td class="path" data-label="Query">\(finding.query.path)</td>
            <td class="path" data-label="Closest">\(finding.matches.first.map { fileName($0.reference.path) }, or: "—")</td>
            <td class="num" data-label="Score">\(number(finding.score))</td>
            <td class="hash mono" data-label="SHA-256">\(finding.query.sha256)</td></tr>
            """
        }
        return """
            <section id="unflagged">
            <h2>Not flagged</h2>
            <div class="scroll"><table class="responsive">
            <thead><tr><th>Query</th><th>Closest reference</th><th>Score</th><th>SHA-256</th></tr></thead>
            <tbody>\(rows)</tbody>
            </table></div>
            </section>
            """
    }

    /// Inputs that could not be read or decoded.
    func errorSection() -> HTML {
        guard !report.errors.isEmpty else { return "<section id=\"errors\"><h2>Errors</h2><p>Every input was read.</p></section>" }
        let rows: [HTML] = report.errors.map {
            "<tr><td class=\"path\" data-label=\"File\">\($0.path)</td><td data-label=\"Kind\">\($0.kind)</td><td data-label=\"Message\">\($0.message)</td></tr>"
        }
        return """
            <section id="errors">
            <h2>Errors</h2>
            <div class="scroll"><table class="responsive"><thead><tr><th>File</th><th>Kind</th><th>Message</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            </section>
            """
    }

    /// Every picture the page shows, with its SHA-256.
    func pictureFileSection(only findingID: Int64? = nil) -> HTML {
        let pictures = figures.filter { findingID == nil || $0.key == findingID }.sorted { $0.key < $1.key }.flatMap { $0.value.pictures }
            + (findingID == nil ? auditThumbnails.values.sorted { $0.path < $1.path } : [])
        let rows: [HTML] = pictures.map {
            """
            <tr><td class="path" data-label="File"><a href="\($0.path)">\($0.path)</a></td><td data-label="Shows">\($0.caption)</td>
            <td class="num" data-label="Size">\($0.width)×\($0.height)</td><td class="hash mono" data-label="SHA-256">\($0.sha256)</td></tr>
            """
        }
        let table: HTML = pictures.isEmpty ? "<p>None.</p>" : """
            <div class="scroll"><table class="responsive"><thead><tr><th>File</th><th>Shows</th><th>Pixels</th><th>SHA-256</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
        return """
            <section id="files">
            <h2>Picture files</h2>
            <p class="muted">The pictures on this page are files beside it, listed here with their SHA-256.</p>
            \(table)
            </section>
            """
    }

    /// The folder all paths share, when they share one.
    private func commonFolder(_ paths: [String]) -> String? {
        let folders = paths.map { ($0 as NSString).deletingLastPathComponent.split(separator: "/", omittingEmptySubsequences: false) }
        guard var common = folders.first else { return nil }
        for folder in folders.dropFirst() {
            common = Array(zip(common, folder).prefix { $0 == $1 }.map(\.0))
        }
        let joined = common.joined(separator: "/")
        return joined.isEmpty ? nil : joined
    }
}
