import PalimpsestCore

/// The pictures of one finding's evidence section, and why any are missing.
///
/// All pictures but ``reference`` are in the query's frame and have the same size, so they
/// can be stacked and compared pixel by pixel.
public struct FindingFigures: Sendable, Equatable {
    /// The query as received, scaled to fit the page.
    public var query: ReportPicture?
    /// The reference as received, scaled to fit the page.
    public var reference: ReportPicture?
    /// The reference mapped into the query's frame (see ``AlignmentChoice``).
    public var alignedReference: ReportPicture?
    /// Per-pixel brightness difference between the query and the aligned reference, as a heatmap.
    public var difference: ReportPicture?
    /// Sentences explaining pictures that could not be made (a file moved or changed since the scan).
    public var notes: [String]

    /// Groups a finding's pictures.
    public init(query: ReportPicture? = nil, reference: ReportPicture? = nil, alignedReference: ReportPicture? = nil,
                difference: ReportPicture? = nil, notes: [String] = []) {
        self.query = query
        self.reference = reference
        self.alignedReference = alignedReference
        self.difference = difference
        self.notes = notes
    }

    /// Every picture present, in page order.
    public var pictures: [ReportPicture] {
        [query, reference, alignedReference, difference].compactMap { $0 }
    }
}
