#if canImport(Glibc)
import PalimpsestCore
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension ImageDecoder {
    /// Reads a whole regular file into memory, refusing it before reading when it is larger
    /// than `limit` bytes.
    ///
    /// Other stages hash the same bytes, so a pipeline reads each file once with this function
    /// and passes the bytes to ``decode(_:)``.
    ///
    /// ```swift
    /// let bytes = try ImageDecoder.readFile("scan.png", limit: 512 << 20)
    /// ```
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - limit: The largest size accepted, in bytes.
    /// - Returns: The file's bytes (empty for an empty file).
    /// - Throws: ``DecodeError/unreadable(path:reason:)`` when the file cannot be opened or
    ///   read or is not a regular file; ``DecodeError/fileTooLarge(bytes:limit:)`` when it is
    ///   larger than `limit`.
    public static func readFile(_ path: String, limit: Int) throws(DecodeError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: lastError()) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: lastError()) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            let what = (status.st_mode & S_IFMT) == S_IFDIR ? "it is a folder" : "it is not a regular file"
            throw .unreadable(path: path, reason: what)
        }
        let size = Int(status.st_size)
        guard size <= limit else { throw .fileTooLarge(bytes: size, limit: limit) }

        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var total = 0
            while total < size {
                let n = read(descriptor, buffer.baseAddress! + total, size - total)
                if n > 0 {
                    total += n
                } else if n == 0 {
                    break  // the file shrank since fstat
                } else if errno != EINTR {
                    failure = lastError()
                    break
                }
            }
            initialized = total
        }
        if let failure { throw .unreadable(path: path, reason: failure) }
        return bytes
    }

    /// `strerror(errno)`.
    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}
