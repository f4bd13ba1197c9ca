import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint

/// Makes the pictures of a finding's evidence: reads the query and its best reference from
/// where they were scanned, checks that they still have the SHA-256 the ledger recorded,
/// lines them up (see ``AlignmentChoice``) and encodes the views as JPEG.
public struct FigureRenderer: Sendable {
    /// Limits for reading and decoding the images.
    public var decode: DecodeOptions
    /// Long side of the pictures, in pixels.
    public var longSide = 720
    /// Folder of the pictures, relative to the page.
    public var folder = "images"

    /// Creates a renderer that reads images within the given limits; JPEGs are decoded at a
    /// reduced scale as long as 1024 pixels remain on the short side, plenty for the pictures.
    public init(decode: DecodeOptions = DecodeOptions()) {
        self.decode = decode
        self.decode.minimumShortSide = 1024
    }

    /// The pictures of `finding`'s best match; pictures that cannot be made are left out
    /// and explained in ``FindingFigures/notes``.
    public func render(_ finding: ScanReport.Finding) -> RenderedFigures {
        guard let best = finding.matches.first else {
            return RenderedFigures(figures: FindingFigures(notes: ["The finding has no candidate to show."]), files: [])
        }
        var notes: [String] = []
        let query = load(finding.query, role: "query", notes: &notes)
        let reference = best.reference.hashOnly == true ? nil : load(best.reference, role: "reference", notes: &notes)
        var figures = FindingFigures(notes: notes)
        var files: [(path: String, bytes: [UInt8])] = []
        func add(_ raster: Raster, _ name: String, _ caption: String) -> ReportPicture? {
            do {
                let bytes = try JPEGEncoder.encode(raster)
                let path = "\(folder)/finding-\(finding.id)-\(name).jpg"
                files.append((path, bytes))
                return ReportPicture(path: path, sha256: Digest.sha256Hex(bytes), width: raster.width, height: raster.height,
                                     caption: "Finding \(finding.id): \(caption)")
            } catch {
                figures.notes.append("The \(caption) could not be encoded: \(error.message)")
                return nil
            }
        }
        switch (query, reference) {
        case let (query?, reference?):
            let views = AlignedViews(query: query, reference: reference,
                                     queryToReference: AlignmentChoice(best.signals).queryToReference, longSide: longSide)
            figures.query = add(views.query, "query", "query as received")
            figures.reference = add(views.reference, "reference", "reference as received")
            figures.alignedReference = add(views.alignedReference, "aligned", "reference aligned to the query")
            figures.difference = add(views.difference, "difference", "difference heatmap")
        case let (query?, nil):
            figures.query = add(RasterResampling.fitted(query, longSide: longSide), "query", "query as received")
        case let (nil, reference?):
            figures.reference = add(RasterResampling.fitted(reference, longSide: longSide), "reference", "reference as received")
        case (nil, nil):
            break
        }
        return RenderedFigures(figures: figures, files: files)
    }

    /// The image at `image.path` if it still has the recorded SHA-256 and decodes.
    private func load(_ image: ScanReport.Image, role: String, notes: inout [String]) -> Raster? {
        do {
            let bytes = try ImageDecoder.readFile(image.path, limit: decode.maxFileBytes)
            guard Digest.sha256Hex(bytes) == image.sha256 else {
                notes.append("The \(role) file at \(image.path) has changed since the scan (its SHA-256 differs), so it is not shown.")
                return nil
            }
            return try ImageDecoder(options: decode).decode(bytes).raster
        } catch {
            notes.append("The \(role) file at \(image.path) cannot be shown: \(error.message)")
            return nil
        }
    }
}
