import PalimpsestCore
import PalimpsestMatch

/// Which transform lines a reference up with its query for the report's aligned views, and why.
///
/// The best available signal wins: the transform the alignment was measured with, else the one
/// local-feature verification fitted, else the rotation or mirror under which PDQ matched, else
/// the whole reference stretched onto the whole query. All map query coordinates to reference
/// coordinates as fractions (0…1) of each image's width and height.
public struct AlignmentChoice: Sendable, Equatable {
    /// Where the transform comes from.
    public enum Source: Sendable, Equatable {
        /// ``AlignmentMeasures/queryToReference``.
        case alignment
        /// ``GeometrySummary/matrix``.
        case geometry
        /// The dihedral variant of the query that matched by PDQ.
        case pdqTransform(Dihedral)
        /// No geometric signal: the whole reference stretched onto the whole query.
        case stretch
    }

    /// Query → reference, in unit coordinates.
    public var queryToReference: Homography
    /// Where it comes from.
    public var source: Source

    /// Chooses the transform for a pair's signals.
    public init(_ signals: Signals) {
        if let matrix = signals.alignment?.queryToReference, matrix.count == 9 {
            (queryToReference, source) = (Homography(matrix), .alignment)
        } else if let matrix = signals.geometry?.matrix, matrix.count == 9 {
            (queryToReference, source) = (Homography(matrix), .geometry)
        } else if let transform = signals.pdqTransform, transform != .original {
            (queryToReference, source) = (transform.homography(width: 1, height: 1), .pdqTransform(transform))
        } else {
            (queryToReference, source) = (Homography.identity, .stretch)
        }
    }

    /// One sentence saying how the reference was mapped onto the query.
    public func explanation(geometry: GeometrySummary?) -> String {
        let base: String
        switch source {
        case .alignment, .geometry:
            if let g = geometry {
                var parts = [String(format: "scaled %.2f×", 1 / Double(max(g.scale, 1e-6)))]
                if abs(g.rotationDegrees) >= 0.5 { parts.append(String(format: "rotated %.1f°", g.rotationDegrees)) }
                if g.mirrored { parts.append("mirrored") }
                base = "The reference is mapped into the query's frame by the \(g.model) transform that \(g.inliers) matched "
                    + "local features agree on (\(parts.joined(separator: ", ")))"
            } else {
                base = "The reference is mapped into the query's frame by the transform the alignment was measured with"
            }
        case let .pdqTransform(transform):
            base = "The reference is turned back by the symmetry under which PDQ matched (query \(transform.name)) and stretched onto the query"
        case .stretch:
            base = "No geometric transform was found, so the whole reference is stretched onto the whole query"
        }
        return base + "; parts of the query the reference does not cover are chequered."
    }
}
