import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestMatch

extension PalimpsestVersion {
    /// Algorithm names and versions, recorded with every run.
    public static func algorithms(embedder: String) -> [String: String] {
        [
            "pdq": "pdq-1.0 (Meta reference, no 512 px squash)",
            "imagehash": "imagehash-4.3.2-compatible",
            "embedding": embedder,
            "grading": Thresholds.currentVersion,
            "scoring": ScoreModel.standard.version,
            "local-features": LocalFeatureExtractor.identifier,
            "decode": "libjpeg-turbo DCT scaling, short side >= \(AnalysisOptions.defaultShortSide) px; layout hashes at 128 px",
        ]
    }
}
