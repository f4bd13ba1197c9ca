import PalimpsestCore

/// `report.html`: the page people read, with the pictures of every flagged finding.
public struct HTMLReportFormat: ReportFormat {
    public let fileName = "report.html"

    /// The format.
    public init() {}

    public func render(_ context: ReportContext) throws -> [UInt8] {
        let page = HTMLReportRenderer(report: context.report, figures: context.figures, metadata: context.metadata,
                                      renderedAt: context.renderedAt, auditThumbnails: context.auditThumbnails).page()
        return Array(page.utf8)
    }
}
