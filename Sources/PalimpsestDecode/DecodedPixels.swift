import PalimpsestCore

/// What a format decoder hands back to ``ImageDecoder``: upright pixels and the stored size.
struct DecodedPixels {
    /// RGB pixels at the decoded scale, after the orientation transform.
    var raster: Raster
    /// Full-resolution width as stored.
    var width: Int
    /// Full-resolution height as stored.
    var height: Int
    /// 1, 2, 4 or 8.
    var scaleDenominator: Int = 1
    /// Whether the file had alpha.
    var hadAlpha: Bool = false
    /// Warnings the codec recovered from.
    var warnings: [String] = []
}
