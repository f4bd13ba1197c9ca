import PalimpsestCore
import Foundation

extension HTMLReportRenderer {
    /// For audit runs: the memorization rate, the two score distributions side by side,
    /// memorized outputs linked to their evidence, clusters as rows of thumbnails, and prompts.
    func auditSection() -> HTML {
        guard let audit = report.audit else { return .empty }
        let findingIDs = Dictionary(report.findings.map { ($0.query.path, $0.id) }, uniquingKeysWith: min)
        let memorized: [HTML] = audit.memorizedOutputs.map { m in
            let link: HTML = findingIDs[m.output].map { "<a href=\"#finding-\($0)\">evidence</a>" } ?? "—"
            return """
                <tr><td class="path" data-label="Output">\(m.output)</td><td class="path" data-label="Training image">\(m.training)</td>
                <td data-label="Grade">\(m.grade)</td><td class="num" data-label="Score">\(number(m.score))</td><td data-label="">\(link)</td></tr>
                """
        }
        let clusters: [HTML] = audit.clusters.enumerated().map { i, cluster in
            let thumbnails: [HTML] = cluster.outputs.map { output in
                auditThumbnails[output].map { "<img src=\"\($0.path)\" width=\"\($0.width)\" height=\"\($0.height)\" alt=\"\(output)\" title=\"\(output)\">" }
                    ?? "<span class=\"path\">\(output)</span>"
            }
            return """
                <div class="cluster"><h4>Cluster \(i + 1): \(cluster.size) outputs\(cluster.prompt.map { HTML(" — prompt “\($0)”") } ?? .empty)</h4>
                <div class="thumbs">\(thumbnails)</div></div>
                """
        }
        let prompts: [HTML] = audit.prompts.map {
            "<tr><td data-label=\"Prompt\">\($0.prompt)</td><td class=\"num\" data-label=\"Outputs\">\($0.outputs)</td><td class=\"num\" data-label=\"Memorized\">\($0.memorized)</td><td class=\"num\" data-label=\"Largest cluster\">\($0.largestCluster)</td></tr>"
        }
        return """
            <section id="audit">
            <h2>Memorization audit</h2>
            <div class="cards">
            <div class="card"><b>\(audit.outputs)</b>outputs</div>
            <div class="card"><b>\(audit.memorized)</b>memorized</div>
            <div class="card"><b>\(String(format: "%.1f%%", audit.memorizationRate * 100))</b>memorization rate</div>
            <div class="card"><b>\(audit.clusters.count)</b>clusters of near-identical outputs</div>
            </div>
            <div class="two-col">
            <div><h3>Outputs against training data</h3>\(distributionChart(audit.outputScores))\(distributionFacts(audit.outputScores))</div>
            <div><h3>Training images against the rest of the training data</h3>\(distributionChart(audit.trainingBackground))\(distributionFacts(audit.trainingBackground))</div>
            </div>
            <p class="muted">Best-match score of each image. When outputs sit closer to training data than training images sit to each other, the model reproduces its training set.</p>
            <h3>Memorized outputs</h3>
            \(memorized.isEmpty ? "<p>None.</p>" : "<div class=\"scroll\"><table class=\"responsive\"><thead><tr><th>Output</th><th>Training image</th><th>Grade</th><th>Score</th><th></th></tr></thead><tbody>\(memorized)</tbody></table></div>")
            <h3>Clusters of near-identical outputs</h3>
            \(clusters.isEmpty ? "<p>None.</p>" : HTML.joined(clusters))
            <h3>Per prompt</h3>
            \(prompts.isEmpty ? "<p>No prompts known (pass --prompts, or outputs carrying generator metadata).</p>" : "<div class=\"scroll\"><table class=\"responsive\"><thead><tr><th>Prompt</th><th>Outputs</th><th>Memorized</th><th>Largest cluster</th></tr></thead><tbody>\(prompts)</tbody></table></div>")
            </section>
            """
    }

    /// A 20-bin bar chart of a score distribution, as inline SVG.
    private func distributionChart(_ d: ScoreDistribution) -> HTML {
        let (width, height, base) = (400.0, 140.0, 120.0)
        let peak = Double(max(1, d.histogram.max() ?? 1))
        let barWidth = width / Double(max(1, d.histogram.count))
        let bars: [HTML] = d.histogram.enumerated().compactMap { i, count in
            guard count > 0 else { return nil }
            let h = (base - 10) * Double(count) / peak
            return "<rect class=\"bar\" x=\(format(Double(i) * barWidth + 1)) y=\(format(base - h)) width=\(format(barWidth - 2)) height=\(format(h))><title>\(count) with score \(format(Double(i) / 20))–\(format(Double(i + 1) / 20))</title></rect>"
        }
        return """
            <svg class="histogram" viewBox="0 0 \(format(width)) \(format(height))" role="img" aria-label="score histogram">\(bars)\
            <text class="tick" x="6" y="\(format(height - 4))">0</text><text class="tick" x="\(format(width - 12))" y="\(format(height - 4))">1</text></svg>
            """
    }

    private func distributionFacts(_ d: ScoreDistribution) -> HTML {
        "<p class=\"muted\">\(d.count) images · mean \(format(d.mean)) · p50 \(format(d.p50)) · p90 \(format(d.p90)) · p95 \(format(d.p95)) · p99 \(format(d.p99))</p>"
    }

    private func format(_ v: Double) -> String { String(format: "%.3g", v) }
}
