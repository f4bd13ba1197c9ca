import PalimpsestCore

/// How alike a query and a reference look once the reference is mapped onto the query.
///
/// Measured at low resolution (64 pixels on the query's long side), where composition and
/// silhouettes survive image-to-image generation while texture does not.
public struct AlignmentMeasures: Codable, Sendable, Equatable {
    /// Correlation of brightness over the overlap (−1…1): the structure.
    public var structure: Float
    /// Agreement of edge directions, weighted by edge strength (−1…1).
    public var edges: Float
    /// Correlation of the opponent-colour planes (−1…1); 1 when both images are grey.
    public var colour: Float
    /// Mean absolute brightness difference over the overlap (0…255).
    public var meanDifference: Float
    /// Similarity of each tile of a 4×4 grid over the query, row-major (−1…1); `nil` where
    /// the mapped reference covers too little of the tile to judge.
    public var tiles: [Float?]
    /// Fraction of judged tiles whose similarity is at least 0.5.
    public var matchedTileFraction: Float
    /// Fraction of the query covered by the mapped reference (the whole reference, wherever
    /// its features matched): under 1 when the reference was pasted into a larger picture.
    public var queryCoverage: Float
    /// Fraction of the reference that the query shows: under 1 for a crop.
    public var referenceCoverage: Float
    /// The transform the reference was mapped with, 3×3 row-major, from query coordinates to
    /// reference coordinates, both as fractions (0…1) of each image's width and height.
    public var queryToReference: [Double]

    /// Groups the measures.
    public init(structure: Float, edges: Float, colour: Float, meanDifference: Float, tiles: [Float?],
                matchedTileFraction: Float, queryCoverage: Float, referenceCoverage: Float, queryToReference: [Double]) {
        self.structure = structure
        self.edges = edges
        self.colour = colour
        self.meanDifference = meanDifference
        self.tiles = tiles
        self.matchedTileFraction = matchedTileFraction
        self.queryCoverage = queryCoverage
        self.referenceCoverage = referenceCoverage
        self.queryToReference = queryToReference
    }
}
