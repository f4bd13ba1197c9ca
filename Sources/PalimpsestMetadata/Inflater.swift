internal import CPalimpsestCodecs

/// Bounded zlib inflation (PNG zTXt and compressed iTXt), through `pal_inflate`.
enum Inflater {
    /// Why inflation stopped.
    enum Failure: Error, Equatable {
        /// The output would exceed the cap.
        case tooLarge
        /// Not a zlib stream.
        case corrupt
        /// The stream ends before its end marker.
        case truncated
        /// An allocation failed.
        case noMemory
    }

    /// Inflates a zlib stream into at most `maxOutput` bytes.
    static func inflate(_ data: ArraySlice<UInt8>, maxOutput: Int) -> Result<[UInt8], Failure> {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = data.withUnsafeBufferPointer { buffer in
            pal_inflate(buffer.baseAddress, buffer.count, max(maxOutput, 0), &output, &size)
        }
        defer { pal_free(output) }
        switch status {
        case PAL_INFLATE_OK:
            guard let output else { return .success([]) }
            return .success(Array(UnsafeBufferPointer(start: output, count: size)))
        case PAL_INFLATE_TOO_LARGE: return .failure(.tooLarge)
        case PAL_INFLATE_TRUNCATED: return .failure(.truncated)
        case PAL_INFLATE_NO_MEMORY: return .failure(.noMemory)
        default: return .failure(.corrupt)
        }
    }
}
