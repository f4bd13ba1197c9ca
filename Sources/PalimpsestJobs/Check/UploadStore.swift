import Foundation
import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch

/// Keeps the images sent to a ``CheckService`` as files named by their SHA-256
/// (`<folder>/ab/abcdef….jpg`), so that the ledger's query path points at the very bytes that
/// were checked and reports and evidence bundles can show them. The same image sent twice is
/// stored once.
struct UploadStore: Sendable {
    /// The folder holding the uploads.
    let folder: URL

    init(folder: String) {
        self.folder = URL(fileURLWithPath: folder)
    }

    /// Stores `bytes` (unless already stored) and returns the file's path.
    func store(_ bytes: [UInt8], sha256: String, format: ImageFormat) throws -> String {
        let directory = folder.appendingPathComponent(String(sha256.prefix(2)))
        let file = directory.appendingPathComponent("\(sha256).\(format.rawValue)")
        let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
        if (attributes?[.size] as? NSNumber)?.intValue == bytes.count { return file.path }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: file, options: .atomic)
        return file.path
    }
}
