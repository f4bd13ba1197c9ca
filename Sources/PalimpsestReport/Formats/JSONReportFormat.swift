import PalimpsestCore

/// `report.json`: the whole report, for programs (its JSON Schema is `Schemas/report-v1.schema.json`).
public struct JSONReportFormat: ReportFormat {
    public let fileName = "report.json"

    /// The format.
    public init() {}

    public func render(_ context: ReportContext) throws -> [UInt8] {
        Array(try JSONCoding.encoder(pretty: true).encode(context.report))
    }
}
