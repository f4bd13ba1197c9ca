import PalimpsestCore

/// Parses JUMBF boxes, bounded in depth and count.
struct JUMBFParser {
    /// Why the structure was not parsed.
    enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        case tooDeep
        case tooManyBoxes

        var description: String {
            switch self {
            case let .malformed(detail): "malformed JUMBF (\(detail))"
            case .tooDeep: "JUMBF boxes nested too deeply"
            case .tooManyBoxes: "too many JUMBF boxes"
            }
        }
    }

    let bytes: [UInt8]
    let limits: MetadataLimits
    private var boxes = 0

    init(bytes: [UInt8], limits: MetadataLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// The boxes in `range`, in order.
    mutating func boxes(in range: Range<Int>, depth: Int = 0) throws(Failure) -> [JUMBFBox] {
        guard depth <= limits.maxBoxDepth else { throw .tooDeep }
        var out: [JUMBFBox] = []
        var i = range.lowerBound
        while i < range.upperBound {
            boxes += 1
            guard boxes <= limits.maxSegments else { throw .tooManyBoxes }
            guard let declared = bytes.uint32BE(at: i), let type = bytes.fourCC(at: i + 4), i + 8 <= range.upperBound else {
                throw .malformed("box header at \(i) cut short")
            }
            var header = 8, size = declared
            if declared == 1 {
                guard let large = bytes.uint64BE(at: i + 8) else { throw .malformed("large box size at \(i)") }
                header = 16
                size = large
            } else if declared == 0 {
                size = range.upperBound - i
            }
            guard size >= header, size <= range.upperBound - i else {
                throw .malformed("box '\(type)' at \(i) declares \(size) bytes, \(range.upperBound - i) remain")
            }
            let body = i + header ..< i + size
            out.append(type == "jumb" ? try superbox(body, depth: depth) : JUMBFBox(type: type, payload: body))
            i += size
        }
        return out
    }

    private mutating func superbox(_ body: Range<Int>, depth: Int) throws(Failure) -> JUMBFBox {
        var children = try boxes(in: body, depth: depth + 1)
        guard let description = children.first, description.type == "jumd" else {
            throw .malformed("superbox without a description box")
        }
        children.removeFirst()
        var box = JUMBFBox(type: "jumb", children: children, payload: body)
        let d = description.payload
        guard d.count >= 17 else { throw .malformed("description box too short") }
        box.contentType = bytes.fourCC(at: d.lowerBound)
        let toggles = bytes[d.lowerBound + 16]
        if toggles & 0x02 != 0 {
            let start = d.lowerBound + 17
            let end = bytes[start ..< d.upperBound].firstIndex(of: 0) ?? d.upperBound
            box.label = TextDecoding.truncated(TextDecoding.utf8(bytes[start ..< end]).text, toUTF8Bytes: limits.maxStringBytes).text
        }
        return box
    }
}
