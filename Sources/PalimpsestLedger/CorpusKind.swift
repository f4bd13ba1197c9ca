import PalimpsestCore

/// What a reference corpus holds, which decides how its matches read in reports.
public enum CorpusKind: String, Codable, Sendable, CaseIterable {
    /// A model's training data (or a sample of it): matches mean memorisation.
    case training
    /// Images suspected or known to have been fed to image-to-image generation.
    case i2iSource = "i2i-source"
    /// An artist's own works.
    case artist
    /// A registry of protected or flagged images.
    case registry
}
