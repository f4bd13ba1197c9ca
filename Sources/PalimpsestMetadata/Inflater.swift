import PalimpsestCore
internal import CPalimpsestZlib

/// Bounded zlib inflation for compressed PNG text chunks (zTXt, compressed iTXt).
///
/// A few hundred bytes of deflate data can expand to gigabytes, so the output grows by doubling
/// up to a cap set by the caller, and inflation stops, refusing the chunk, as soon as the cap
/// would be exceeded: work and memory stay bounded by the cap whatever the input claims.
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

    /// Output room to start with, grown by doubling up to the cap.
    private static let initialCapacity = 4096

    /// Inflates a zlib stream into at most `maxOutput` bytes.
    static func inflate(_ data: ArraySlice<UInt8>, maxOutput: Int) -> Result<[UInt8], Failure> {
        let cap = max(maxOutput, 0)
        guard data.count <= Int(UInt32.max) else { return .failure(.tooLarge) }
        // zlib keeps a pointer back to its stream and checks it on every call: the stream
        // needs an address of its own.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deinitialize(count: 1); stream.deallocate() }
        guard pal_zlib_inflate_init(stream) == Z_OK else { return .failure(.noMemory) }
        defer { inflateEnd(stream) }

        return data.withUnsafeBufferPointer { input in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.pointee.avail_in = UInt32(input.count)
            var output = [UInt8](repeating: 0, count: min(initialCapacity, cap))
            var produced = 0
            while true {
                if produced == output.count {
                    if output.count >= cap { return probePastCap(stream).map { output } }
                    output.append(contentsOf: repeatElement(0, count: min(output.count * 2, cap) - output.count))
                }
                let room = UInt32(clamping: output.count - produced)
                let code = output.withUnsafeMutableBufferPointer { buffer in
                    stream.pointee.next_out = buffer.baseAddress! + produced
                    stream.pointee.avail_out = room
                    return CPalimpsestZlib.inflate(stream, Z_NO_FLUSH)
                }
                produced += Int(room - stream.pointee.avail_out)
                switch code {
                case Z_STREAM_END:
                    output.removeLast(output.count - produced)
                    return .success(output)
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress with output room left: the input ran out before the end marker.
                    if stream.pointee.avail_out != 0 { return .failure(.truncated) }
                case Z_MEM_ERROR:
                    return .failure(.noMemory)
                default:
                    return .failure(.corrupt)
                }
            }
        }
    }

    /// With the output full at the cap, asks for one byte more, which tells a stream that ends
    /// exactly at the cap from a larger one.
    private static func probePastCap(_ stream: UnsafeMutablePointer<z_stream>) -> Result<Void, Failure> {
        var probe: UInt8 = 0
        let code = withUnsafeMutablePointer(to: &probe) { byte in
            stream.pointee.next_out = byte
            stream.pointee.avail_out = 1
            return CPalimpsestZlib.inflate(stream, Z_NO_FLUSH)
        }
        if stream.pointee.avail_out == 0 { return .failure(.tooLarge) }
        switch code {
        case Z_STREAM_END: return .success(())
        case Z_BUF_ERROR, Z_OK: return .failure(.truncated)
        default: return .failure(.corrupt)
        }
    }
}
