import Foundation
import PalimpsestCore
import PalimpsestDecode
import PalimpsestFingerprint

/// Small pictures of an audit's clustered outputs, for the page's rows of thumbnails.
struct AuditThumbnails {
    let decode: DecodeOptions

    /// One JPEG of at most 160 pixels a side per clustered output (the first 12 of each of the
    /// 20 largest clusters), keyed by the output's path.
    func render(_ audit: AuditSection) -> [(path: String, picture: ReportPicture, bytes: [UInt8])] {
        var out: [(String, ReportPicture, [UInt8])] = []
        let decoder = ImageDecoder(options: decode)
        for (c, cluster) in audit.clusters.prefix(20).enumerated() {
            for (m, output) in cluster.outputs.prefix(12).enumerated() {
                guard let raster = try? decoder.decode(contentsOf: output).raster else { continue }
                let small = RasterResampling.fitted(raster, longSide: 160)
                guard let bytes = try? JPEGEncoder.encode(small, quality: 80) else { continue }
                let picture = ReportPicture(path: "images/audit/cluster-\(c + 1)-\(m + 1).jpg", sha256: Digest.sha256Hex(bytes),
                                            width: small.width, height: small.height,
                                            caption: "cluster \(c + 1), output \(m + 1): \((output as NSString).lastPathComponent)")
                out.append((output, picture, bytes))
            }
        }
        return out
    }
}
