import Foundation
import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import PalimpsestDecode

/// Expands the paths a user gives into the image files to process.
///
/// A file named on the command line is always processed, whatever it holds (a file that is not
/// an image becomes a recorded error). Inside folders, which are walked recursively in name
/// order, hidden entries are skipped, and so are files that neither start like an image nor
/// carry an image extension (notices, spreadsheets, …).
public enum InputWalker {
    /// Extensions that mark a file as meant to be an image, even if its bytes say otherwise.
    static let imageExtensions: Set<String> = ["jpg", "jpeg", "jpe", "jfif", "png", "webp", "gif", "bmp", "tif", "tiff", "heic", "avif"]

    /// The files to process, and the paths that could not be read at all.
    public static func expand(_ paths: [String]) -> (files: [String], failures: [(path: String, error: DecodeError)]) {
        var files: [String] = []
        var failures: [(String, DecodeError)] = []
        let fm = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                failures.append((path, .unreadable(path: path, reason: "no such file or folder")))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            guard let enumerator = fm.enumerator(atPath: path) else {
                failures.append((path, .unreadable(path: path, reason: "the folder cannot be listed")))
                continue
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    if enumerator.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { enumerator.skipDescendants() }
                    continue
                }
                guard enumerator.fileAttributes?[.type] as? FileAttributeType == .typeRegular else { continue }
                let full = (path as NSString).appendingPathComponent(relative)
                if looksLikeImage(full) { found.append(full) }
            }
            files += found.sorted()
        }
        return (files, failures)
    }

    /// `path` as an absolute path with no `.`, `..` or symbolic links, so that a path stored in a
    /// ledger still leads to the file when the ledger is used from another directory; `path`
    /// joined to the current directory when it cannot be resolved.
    public static func absolute(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Whether a file in a folder should be processed: its first bytes are an image's, or its
    /// name says it is one.
    static func looksLikeImage(_ path: String) -> Bool {
        if imageExtensions.contains((path as NSString).pathExtension.lowercased()) { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 12)) ?? Data()
        return ImageFormat.sniff(head) != nil
    }
}
