import PalimpsestCore
import Foundation
import ZIPFoundation

/// Reads and writes the ZIP archive of an evidence bundle, wholly in memory (bundles hold
/// two images and a few small files).
enum BundleArchive {
    /// The largest file accepted inside a bundle, against archives that inflate enormously.
    static let maxEntryBytes: UInt64 = 1 << 30

    /// Writes `files` (path, bytes) to a new archive at `path`, replacing any file there.
    static func write(_ files: [(path: String, data: Data)], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(at: url) }
            let archive = try Archive(url: url, accessMode: .create)
            for file in files {
                let data = file.data
                try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(data.count),
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position) ..< Int(position) + size)
                }
            }
        } catch {
            throw EvidenceError.cannotWrite(path: path, reason: String(describing: error))
        }
    }

    /// Every file of the archive at `path`, by path (directories skipped), and the paths of
    /// entries that fail their CRC-32 check or cannot be inflated.
    static func read(_ path: String) throws -> (files: [String: Data], damaged: [String]) {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw EvidenceError.unreadableBundle(path: path, reason: String(describing: error))
        }
        var files: [String: Data] = [:], damaged: [String] = []
        for entry in archive where entry.type == .file {
            guard entry.uncompressedSize <= maxEntryBytes else {
                throw EvidenceError.unreadableBundle(path: path, reason: "\(entry.path) is larger than 1 GiB")
            }
            var data = Data()
            if let checksum = try? archive.extract(entry, consumer: { data.append($0) }), checksum == entry.checksum {
                files[entry.path] = data
            } else {
                damaged.append(entry.path)
            }
        }
        return (files, damaged)
    }
}
