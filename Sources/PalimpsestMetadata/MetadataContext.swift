import PalimpsestCore

/// What one read carries between containers and interpreters: the limits, the warnings so far
/// and the decompression budget left.
struct MetadataContext {
    let limits: MetadataLimits
    private(set) var warnings: [String] = []
    private(set) var inflatedBytes = 0
    private var droppedWarnings = 0

    init(limits: MetadataLimits) { self.limits = limits }

    /// Records a problem, up to ``MetadataLimits/maxWarnings``.
    mutating func warn(_ message: String) {
        if warnings.count < max(limits.maxWarnings - 1, 0) {
            warnings.append(message)
        } else {
            droppedWarnings += 1
        }
    }

    /// The warnings, with a last one counting those left out.
    var finishedWarnings: [String] {
        droppedWarnings == 0 ? warnings : warnings + ["\(droppedWarnings) further warning(s) left out"]
    }

    /// Inflates `data` within both the per-chunk and the per-file budget, or warns and returns `nil`.
    mutating func inflate(_ data: ArraySlice<UInt8>, what: String) -> [UInt8]? {
        let remaining = limits.maxTotalInflatedBytes - inflatedBytes
        let cap = min(limits.maxInflatedBytes, max(remaining, 0))
        switch Inflater.inflate(data, maxOutput: cap) {
        case let .success(bytes):
            inflatedBytes += bytes.count
            return bytes
        case .failure(.tooLarge):
            warn("\(what): decompressed text would exceed \(cap) bytes; ignored")
        case .failure(.corrupt):
            warn("\(what): compressed text is not a valid zlib stream; ignored")
        case .failure(.truncated):
            warn("\(what): compressed text ends early; ignored")
        case .failure(.noMemory):
            warn("\(what): out of memory while decompressing; ignored")
        }
        return nil
    }
}
