/// Palimpsest's version, recorded with every run and in every report and bundle.
public enum PalimpsestVersion {
    /// The tool's version.
    public static let current = "0.2.0"
}
