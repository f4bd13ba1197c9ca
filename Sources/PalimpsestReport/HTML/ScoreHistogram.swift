import PalimpsestCore
import Foundation

/// The histogram of the best-match score of every query in a run, as inline SVG, with the
/// flag score marked: bars at or above it are the flagged queries.
struct ScoreHistogram {
    /// One score per query.
    var scores: [Double]
    /// The score at which a pair is flagged.
    var flagScore: Double
    /// Number of bins over [0, 1].
    var bins = 20

    var counts: [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for score in scores {
            counts[min(bins - 1, max(0, Int((score * Double(bins)).rounded(.down))))] += 1
        }
        return counts
    }

    var svg: HTML {
        let (width, height, left, right, bottom, top) = (480.0, 200.0, 16.0, 22.0, 26.0, 30.0)
        let plotWidth = width - left - right, plotHeight = height - bottom - top
        let counts = self.counts
        let peak = max(1, counts.max() ?? 1)
        let barWidth = plotWidth / Double(bins)
        var bars: [HTML] = []
        for (i, count) in counts.enumerated() where count > 0 {
            let h = plotHeight * Double(count) / Double(peak)
            let x = left + Double(i) * barWidth
            let flagged = Double(i + 1) / Double(bins) > flagScore
            bars.append("""
                <rect class="\(flagged ? "bar flagged" : "bar")" x="\(n(x + 1))" y="\(n(top + plotHeight - h))" width="\(n(barWidth - 2))" height="\(n(h))"><title>\(count) quer\(count == 1 ? "y" : "ies") scoring \(n(Double(i) / Double(bins), 2))–\(n(Double(i + 1) / Double(bins), 2))</title></rect>
                <text class="count" x="\(n(x + barWidth / 2))" y="\(n(top + plotHeight - h - 3))">\(count)</text>
                """)
        }
        let ticks: [HTML] = stride(from: 0.0, through: 1.0, by: 0.25).map { t in
            "<text class=\"tick\" x=\"\(n(left + t * plotWidth))\" y=\"\(n(height - 8))\">\(n(t, 2))</text>"
        }
        let flagX = left + flagScore * plotWidth
        return """
            <svg class="histogram" viewBox="0 0 \(n(width)) \(n(height))" role="img" aria-labelledby="histogram-title">
            <title id="histogram-title">Best-match score of each query (\(scores.count) queries); flagged at \(n(flagScore, 2))</title>
            <line class="axis" x1="\(n(left))" y1="\(n(top + plotHeight))" x2="\(n(width - right))" y2="\(n(top + plotHeight))"/>
            \(bars)
            \(ticks)
            <line class="flag-line" x1="\(n(flagX))" y1="\(n(top - 20))" x2="\(n(flagX))" y2="\(n(top + plotHeight))"/>
            <text class="flag-label" x="\(n(flagX + 4))" y="\(n(top - 8))">flag score \(n(flagScore, 2))</text>
            </svg>
            """
    }

    private func n(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }
}
