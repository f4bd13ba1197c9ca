import PalimpsestCore
import Foundation
import PalimpsestMatch

extension HTMLReportRenderer {
    /// The evidence for one flagged query: pictures, signals, file facts, other candidates.
    func findingSection(_ finding: ScanReport.Finding) -> HTML {
        guard let best = finding.matches.first else {
            return """
                <section class="finding" id="finding-\(finding.id)"><h2>\(badge(finding.grade)) <span class="name">\(fileName(finding.query.path))</span></h2>
                <p>No candidate was recorded for this query.</p></section>
                """
        }
        let figures = self.figures[finding.id] ?? FindingFigures(notes: ["No pictures were made for this finding."])
        let hashOnly = best.reference.hashOnly == true
        let notes: [HTML] = (hashOnly ? [hashOnlyNote(best)] : []) + figures.notes.map { "<p class=\"note\">\($0)</p>" }
        return """
            <section class="finding" id="finding-\(finding.id)">
            <h2>\(badge(finding.grade)) <span class="name">\(fileName(finding.query.path))</span></h2>
            <p class="lede">Finding \(finding.id): the query <b>\(fileName(finding.query.path))</b> matches \
            <b>\(fileName(best.reference.path))</b>\(best.reference.corpus.map { " in corpus " + $0 } ?? "") with score \
            <b>\(number(best.score))</b>, graded <b>\(best.grade)</b>.</p>
            \(notes)
            \(receivedFigures(finding, best, figures))
            \(hashOnly ? .empty : alignedFigures(finding, best, figures))
            <h3>Signals</h3>
            \(signalTable(best))
            <h3>Files</h3>
            \(fileFacts(finding.query, best.reference))
            \(otherCandidates(finding))
            </section>
            """
    }

    /// Why a hash-only reference has no picture, and what its match rests on.
    private func hashOnlyNote(_ best: ScanReport.Match) -> HTML {
        let distance: HTML = best.signals.pdqDistance.map { "\($0) of 256 bits (\(thresholds.pdqNearDuplicate) or fewer is the near-duplicate threshold)" }
            ?? "not recorded"
        return """
            <p class="note">Only a hash was available for this reference: <b>\(best.reference.path)</b>\
            \(best.reference.corpus.map { " in corpus " + $0 } ?? "") came from a hash list as a PDQ hash, \
            so there is no picture to show beside the query and nothing to align. The match rests on the \
            PDQ distance alone: \(distance).</p>
            """
    }

    /// Query and reference as received, with the matched regions outlined.
    private func receivedFigures(_ finding: ScanReport.Finding, _ best: ScanReport.Match, _ figures: FindingFigures) -> HTML {
        let geometry = best.signals.geometry
        let outline = geometry.map { g in best.grade == Grade.partial.rawValue || area(g.queryRegion) < 0.85 || area(g.referenceRegion) < 0.85 } ?? false
        let caption: HTML = outline ? "<p class=\"muted\">The outlined boxes are the regions whose local features match.</p>" : .empty
        let reference: HTML = best.reference.hashOnly == true
            ? """
              <figure><figcaption>Reference (rank 1)</figcaption><p class="note">Hash only: no picture. PDQ \
              <span class="hash mono">\(best.reference.fingerprints?.pdq, or: "—")</span></p></figure>
              """
            : figure("Reference (rank 1)", figures.reference, overlay: outline ? region(geometry?.referenceRegion) : .empty)
        return """
            <h3>As received</h3>
            <div class="figures">
            \(figure("Query", figures.query, overlay: outline ? region(geometry?.queryRegion) : .empty))
            \(reference)
            </div>
            \(caption)
            """
    }

    /// The aligned views: tile grid over the query, the aligned reference, the overlay and the heatmap.
    private func alignedFigures(_ finding: ScanReport.Finding, _ best: ScanReport.Match, _ figures: FindingFigures) -> HTML {
        let choice = AlignmentChoice(best.signals)
        let tiles = best.signals.alignment?.tiles
        let tileCaption: HTML = tiles == nil
            ? "<p class=\"muted\">No tile grid: this pair was not aligned when it was scanned.</p>"
            : """
              <div class="legend"><span><i class="tile-match"></i>similar (≥ 0.50)</span><span><i class="tile-weak"></i>weak (0.20–0.50)</span>\
              <span><i class="tile-differ"></i>different (&lt; 0.20)</span><span><i class="tile-unjudged"></i>not covered</span></div>
              """
        return """
            <h3>Aligned to the query</h3>
            <p>\(choice.explanation(geometry: best.signals.geometry))</p>
            <div class="figures">
            <figure>\(figureBody("Tile similarity (4×4)", figures.query, overlay: tiles.map(tileGrid) ?? .empty))\(tileCaption)</figure>
            \(figure("Reference, aligned", figures.alignedReference, overlay: .empty))
            \(overlayFigure(finding.id, figures))
            <figure>\(figureBody("Difference heatmap", figures.difference, overlay: .empty))\
            <div class="legend">same <span class="ramp"></span> different brightness</div></figure>
            </div>
            """
    }

    private func overlayFigure(_ id: Int64, _ figures: FindingFigures) -> HTML {
        guard let query = figures.query, let aligned = figures.alignedReference else {
            return figure("Overlay", nil, overlay: .empty)
        }
        return """
            <figure>
            <figcaption>Overlay: aligned reference over query</figcaption>
            <input type="checkbox" class="blink-toggle" id="blink-\(id)" aria-label="Blink between query and reference">
            <div class="stack">
            <img src="\(query.path)" width="\(query.width)" height="\(query.height)" alt="Query" loading="lazy">
            <img class="top" id="overlay-\(id)" src="\(aligned.path)" width="\(aligned.width)" height="\(aligned.height)" alt="Aligned reference" loading="lazy">
            </div>
            <div class="controls">
            <label class="needs-js">Reference opacity <input type="range" min="0" max="100" value="50" data-overlay="overlay-\(id)"></label>
            <label class="button" for="blink-\(id)">Blink</label>
            </div>
            </figure>
            """
    }

    private func figure(_ caption: String, _ picture: ReportPicture?, overlay: HTML) -> HTML {
        "<figure>\(figureBody(caption, picture, overlay: overlay))</figure>"
    }

    private func figureBody(_ caption: String, _ picture: ReportPicture?, overlay: HTML) -> HTML {
        guard let picture else {
            return "<figcaption>\(caption)</figcaption><p class=\"note\">Picture not available (see the note above).</p>"
        }
        return """
            <figcaption>\(caption)</figcaption>
            <div class="frame"><img src="\(picture.path)" width="\(picture.width)" height="\(picture.height)" alt="\(caption)" loading="lazy">\(overlay)</div>
            """
    }

    /// A box over a picture at a region given as fractions x0, y0, x1, y1.
    private func region(_ r: [Float]?) -> HTML {
        guard let r, r.count == 4 else { return .empty }
        let (x0, y0) = (clamp(r[0]), clamp(r[1]))
        let (x1, y1) = (max(x0, clamp(r[2])), max(y0, clamp(r[3])))
        return "<div class=\"region\" style=\"left:\(pct(x0));top:\(pct(y0));width:\(pct(x1 - x0));height:\(pct(y1 - y0))\" title=\"matched region\"></div>"
    }

    private func tileGrid(_ tiles: [Float?]) -> HTML {
        let cells: [HTML] = tiles.prefix(16).map { tile in
            guard let tile else { return "<span class=\"tile-unjudged\" title=\"not covered by the reference\"></span>" }
            let kind = tile >= 0.5 ? "tile-match" : tile >= 0.2 ? "tile-weak" : "tile-differ"
            return "<span class=\"\(kind)\">\(String(format: "%.2f", tile))</span>"
        }
        return "<div class=\"tiles\">\(cells)</div>"
    }

    private func signalTable(_ match: ScanReport.Match) -> HTML {
        let rows: [HTML] = SignalReading.readings(for: match, thresholds: thresholds).map { row in
            """
            <tr><th scope="row">\(row.name)</th><td class="num" data-label="Value">\(row.value)</td>\
            <td class="num" data-label="Threshold">\(row.threshold)</td><td data-label="Reading">\(row.reading)</td></tr>
            """
        }
        return """
            <div class="scroll"><table class="signals responsive">
            <thead><tr><th>Signal</th><th>Value</th><th>Threshold</th><th>Reading</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }

    private func fileFacts(_ query: ScanReport.Image, _ reference: ScanReport.Image) -> HTML {
        func dimensions(_ image: ScanReport.Image) -> String {
            guard let w = image.width, let h = image.height else { return "—" }
            return "\(w) × \(h) pixels"
        }
        let hashOnly = reference.hashOnly == true
        let rows: [(String, HTML, HTML)] = [
            ("Path", "\(query.path)", hashOnly ? "\(reference.path) (label in the hash list)" : "\(reference.path)"),
            ("SHA-256", "<span class=\"hash mono\">\(query.sha256)</span>",
             hashOnly ? "unknown: only a PDQ hash was available" : "<span class=\"hash mono\">\(reference.sha256)</span>"),
            ("Format", "\(query.format, or: "—")", "\(reference.format, or: "—")"),
            ("Dimensions", "\(dimensions(query))", "\(dimensions(reference))"),
            ("File size", "\(bytes(query.fileSize))", "\(bytes(reference.fileSize))"),
            ("Corpus", "—", "\(reference.corpus, or: "—")"),
            ("Metadata", metadataCell(query.sha256), metadataCell(reference.sha256)),
        ]
        let pdq: [(String, HTML, HTML)] = hashOnly ? [("PDQ hash", "<span class=\"hash mono\">\(query.fingerprints?.pdq, or: "—")</span>",
                                                       "<span class=\"hash mono\">\(reference.fingerprints?.pdq, or: "—")</span>")] : []
        let body: [HTML] = (rows.prefix(2) + pdq + rows.dropFirst(2)).map {
            "<tr><th scope=\"row\">\($0.0)</th><td class=\"path\" data-label=\"Query\">\($0.1)</td><td class=\"path\" data-label=\"Reference\">\($0.2)</td></tr>"
        }
        return """
            <div class="scroll"><table class="facts-table responsive">
            <thead><tr><th></th><th>Query</th><th>Reference</th></tr></thead>
            <tbody>\(body)</tbody></table></div>
            """
    }

    private func metadataCell(_ sha256: String) -> HTML {
        guard let text = metadata[sha256], !text.isEmpty else { return "none recorded" }
        return "<pre class=\"metadata\">\(text)</pre>"
    }

    private func otherCandidates(_ finding: ScanReport.Finding) -> HTML {
        guard finding.matches.count > 1 else { return .empty }
        let rows: [HTML] = finding.matches.dropFirst().map { match in
            """
            <tr><td class="num" data-label="Rank">\(match.rank)</td><td class="path" data-label="Reference">\(match.reference.path)\(match.reference.hashOnly == true ? " (hash only)" : "")</td>
            <td data-label="Corpus">\(match.reference.corpus, or: "—")</td><td data-label="Grade">\(badge(match.grade))</td>
            <td class="num" data-label="Score">\(number(match.score))</td></tr>
            """
        }
        return """
            <h3>Other candidates</h3>
            <div class="scroll"><table class="responsive">
            <thead><tr><th>Rank</th><th>Reference</th><th>Corpus</th><th>Grade</th><th>Score</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            """
    }

    private func area(_ r: [Float]) -> Float {
        r.count == 4 ? max(0, r[2] - r[0]) * max(0, r[3] - r[1]) : 1
    }

    private func clamp(_ value: Float) -> Float { min(1, max(0, value)) }

    private func pct(_ value: Float) -> String { String(format: "%.2f%%", Double(value) * 100) }
}
