import PalimpsestCore
import Foundation

/// Locates test fixtures and the optional shared material beside the repository.
public enum Fixtures {
    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Tests/Fixtures`, the small committed fixtures (see its NOTICE).
    public static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// A committed fixture by its path under `Tests/Fixtures`.
    public static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The bytes of a committed fixture.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(relativePath)))
    }

    /// `../shared` beside the repository, or `nil` when it is absent (tests that need it skip).
    public static var shared: URL? {
        let url = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
