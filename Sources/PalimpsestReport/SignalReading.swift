import Foundation
import PalimpsestCore
import PalimpsestMatch
import PalimpsestFingerprint

/// One row of a finding's signal table: a signal's value, the threshold it is judged
/// against, and a one-line plain-language reading.
public struct SignalReading: Sendable, Equatable {
    /// The signal's name.
    public var name: String
    /// Its value, formatted.
    public var value: String
    /// The threshold it is judged against, or `—` for signals weighed only into the score.
    public var threshold: String
    /// One sentence saying what the value means.
    public var reading: String

    /// Creates a row.
    public init(_ name: String, _ value: String, _ threshold: String, _ reading: String) {
        self.name = name
        self.value = value
        self.threshold = threshold
        self.reading = reading
    }

    /// Every recorded signal of a match, in a fixed order, with its reading; signals this
    /// version does not know are listed last with their raw values.
    public static func readings(for match: ScanReport.Match, thresholds t: Thresholds) -> [SignalReading] {
        let s = match.signals
        var rows = [
            SignalReading("Score", f(match.score, 3), "flag ≥ \(f(t.flagScore, 2))",
                          match.score >= t.flagScore
                              ? "Score \(f(match.score, 2)): flagged, since pairs at or above \(f(t.flagScore, 2)) are."
                              : "Score \(f(match.score, 2)): below the flag score of \(f(t.flagScore, 2)), so not flagged."),
            SignalReading("Grade", match.grade, "—", gradeReading(match.grade)),
            SignalReading("Same bytes", s.sameBytes ? "yes" : "no", "—",
                          s.sameBytes ? "The two files are byte-for-byte identical (same SHA-256)." : "The files' bytes differ."),
            SignalReading("Same pixels", s.samePixels ? "yes" : "no", "—",
                          s.samePixels ? "Both files decode to exactly the same pixels." : "The decoded pixels differ."),
        ]
        rows += hashReadings(s, t)
        rows += embeddingReadings(s)
        if let g = s.geometry { rows += geometryReadings(g) }
        if let a = s.alignment { rows += alignmentReadings(a, t) }
        if let strength = s.derivativeStrength { rows.append(strengthReading(strength, t)) }
        rows += otherReadings(s)
        return rows
    }

    private static func hashReadings(_ s: Signals, _ t: Thresholds) -> [SignalReading] {
        var rows: [SignalReading] = []
        if let d = s.pdqDistance {
            var reading = "PDQ distance \(d) of 256; copies are at or below \(t.pdqNearDuplicate)."
            if let transform = s.pdqTransform, transform != .original {
                reading += " Closest with the query \(describe(transform))."
            }
            rows.append(SignalReading("PDQ distance", "\(d) of 256", "≤ \(t.pdqNearDuplicate)", reading))
        }
        if let q = s.pdqQuality {
            rows.append(SignalReading("PDQ quality", "\(q) of 100", "≥ \(t.pdqMinimumQuality)",
                                      q >= t.pdqMinimumQuality
                                          ? "The weaker image's PDQ quality is \(q); hashes of quality \(t.pdqMinimumQuality) or more are trusted."
                                          : "The weaker image's PDQ quality is only \(q), under \(t.pdqMinimumQuality): its PDQ distance is not trusted for a near-duplicate grade."))
        }
        for hash in PerceptualHashes.all {
            guard let d = s.hashDistances[hash.name] else { continue }
            let value = "\(d) of \(hash.maxDistance)"
            if hash.name == DCTHash().name {
                rows.append(SignalReading("\(hash.label) distance", value, "≤ \(t.phashNearDuplicate)",
                                          "\(hash.label) distance \(d) of \(hash.maxDistance); copies are at or below \(t.phashNearDuplicate)."))
            } else {
                rows.append(SignalReading("\(hash.label) distance", value, "—",
                                          "\(hash.label) distance \(d) of \(hash.maxDistance); small means alike (informational, not graded)."))
            }
        }
        return rows
    }

    private static func embeddingReadings(_ s: Signals) -> [SignalReading] {
        var rows: [SignalReading] = []
        if let c = s.embeddingCosine {
            rows.append(SignalReading("Layout similarity", f(Double(c), 3), "—",
                                      "Cosine similarity \(f(Double(c), 2)) of the layout embeddings (1 is the same composition and colour layout)."))
        }
        if let z = s.embeddingZ {
            rows.append(SignalReading("Layout similarity vs background", f(Double(z), 1) + " σ", "—",
                                      "\(f(Double(z), 1)) spreads above this query's usual similarity to unrelated corpus images (0 is usual)."))
        }
        if let v = s.votes {
            rows.append(SignalReading("Local-feature votes", "\(v)", "—", "\(v) of the query's local features voted for this reference."))
        }
        return rows
    }

    private static func geometryReadings(_ g: GeometrySummary) -> [SignalReading] {
        var motion = [String(format: "scale %.2f", g.scale)]
        if abs(g.rotationDegrees) >= 0.5 { motion.append(String(format: "rotated %.1f°", g.rotationDegrees)) }
        if g.mirrored { motion.append("mirrored") }
        let region = { (r: [Float]) -> String in
            r.count == 4 ? String(format: "%.0f%%–%.0f%% across, %.0f%%–%.0f%% down", r[0] * 100, r[2] * 100, r[1] * 100, r[3] * 100) : "—"
        }
        return [
            SignalReading("Geometric match", "\(g.inliers) of \(g.tentativeMatches)", "—",
                          "\(g.inliers) of \(g.tentativeMatches) matched local features agree on one \(g.model) transform (\(motion.joined(separator: ", ")))."),
            SignalReading("Matched region in query", region(g.queryRegion), "—", "Where the agreeing features lie in the query."),
            SignalReading("Matched region in reference", region(g.referenceRegion), "—", "Where they lie in the reference."),
        ]
    }

    private static func alignmentReadings(_ a: AlignmentMeasures, _ t: Thresholds) -> [SignalReading] {
        [
            SignalReading("Aligned structure", f(Double(a.structure), 3), "—",
                          "Brightness correlation \(f(Double(a.structure), 2)) once the reference is aligned (1 is identical, 0 unrelated)."),
            SignalReading("Aligned edges", f(Double(a.edges), 3), "same picture ≥ \(f(Double(t.nearDuplicateEdges), 2))",
                          "Edge directions agree at \(f(Double(a.edges), 2)) (1 is identical, 0 unrelated); with enough matching tiles, "
                              + "\(f(Double(t.nearDuplicateEdges), 2)) or more means the same picture rather than a restyled one."),
            SignalReading("Aligned colour", f(Double(a.colour), 3), "—", "Colour layout correlation \(f(Double(a.colour), 2))."),
            SignalReading("Mean difference", f(Double(a.meanDifference), 1) + " of 255", "—",
                          "Aligned pixels differ in brightness by \(f(Double(a.meanDifference), 1)) of 255 on average."),
            SignalReading("Matched tiles", percent(a.matchedTileFraction), "same picture ≥ \(percent(t.nearDuplicateTiles))",
                          "\(percent(a.matchedTileFraction)) of the judged tiles of a 4×4 grid have similarity 0.50 or more."),
            SignalReading("Query coverage", percent(a.queryCoverage), "partial < \(percent(t.partialCoverage))",
                          "The aligned reference covers \(percent(a.queryCoverage)) of the query; under \(percent(t.partialCoverage)) means a part was pasted in."),
            SignalReading("Reference coverage", percent(a.referenceCoverage), "partial < \(percent(t.partialCoverage))",
                          "The query shows \(percent(a.referenceCoverage)) of the reference; under \(percent(t.partialCoverage)) means a crop."),
        ]
    }

    private static func strengthReading(_ strength: DerivativeStrength, _ t: Thresholds) -> SignalReading {
        let reading = switch strength {
        case .light: "Light: composition, edges and most texture survive (like image-to-image at strength about 0.3)."
        case .medium: "Medium: composition and main edges survive, texture is replaced (strength about 0.5)."
        case .heavy: "Heavy: only composition and colour layout survive (strength 0.7 and above)."
        }
        return SignalReading("Derivative strength", strength.rawValue,
                             "light ≥ \(f(Double(t.lightDerivativeEdges), 2)), medium ≥ \(f(Double(t.mediumDerivativeEdges), 2)) edges", reading)
    }

    /// Signals recorded under keys this version has no reading for, with their raw JSON values.
    private static func otherReadings(_ s: Signals) -> [SignalReading] {
        let known = Set(["same_bytes", "same_pixels", "pdq_distance", "pdq_transform", "pdq_quality", "embedding_cosine", "embedding_z",
                         "votes", "geometry", "alignment", "derivative_strength"] + PerceptualHashes.names.map { $0 + "_distance" })
        guard let data = try? JSONCoding.encoder().encode(s),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [] }
        return object.keys.sorted().filter { !known.contains($0) }.map { key in
            let value = (try? JSONSerialization.data(withJSONObject: object[key] as Any, options: [.fragmentsAllowed, .sortedKeys]))
                .map { String(decoding: $0, as: UTF8.self) } ?? "?"
            return SignalReading(key.replacingOccurrences(of: "_", with: " "), value, "—", "Recorded as is; this version has no reading for it.")
        }
    }

    private static func gradeReading(_ grade: String) -> String {
        switch Grade(rawValue: grade) ?? .none {
        case .exact: "The same file, or the same decoded pixels."
        case .nearDuplicate: "The same picture after re-encoding, resizing, light edits, flips or rotation."
        case .derivative: "Made from the reference: composition and layout kept, texture or style changed."
        case .partial: "A region of the reference is copied into the query."
        case .none: "No evidence of copying."
        }
    }

    private static func describe(_ d: Dihedral) -> String {
        switch d {
        case .original: "as it is"
        case .rotate90: "turned 90° counter-clockwise"
        case .rotate180: "turned 180°"
        case .rotate270: "turned 90° clockwise"
        case .flipX: "mirrored left to right"
        case .flipY: "mirrored top to bottom"
        case .flipPlus1: "mirrored about its diagonal"
        case .flipMinus1: "mirrored about its anti-diagonal"
        }
    }

    static func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    static func percent(_ value: Float) -> String { String(format: "%.0f%%", Double(value) * 100) }
}
