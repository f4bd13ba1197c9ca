import PalimpsestCore

/// Finds simple property values in an XMP packet without a full XML parser: a property is
/// looked up by its local name under any namespace prefix, written as an attribute
/// (`prefix:Name="value"`), as an element (`<prefix:Name>value</prefix:Name>`) or as a resource
/// (`<prefix:Name rdf:resource="value"/>`). Nothing in the packet is fetched or executed.
struct XMPScanner {
    private let s: [UInt8]
    /// Occurrences of a name examined before giving up, and how far a tag or value may reach:
    /// bounds that keep a hostile packet from making the scan quadratic.
    private static let maxAttempts = 64, maxReach = 64 << 10

    init(_ packet: String) { s = Array(packet.utf8) }

    /// The first value of the property with this local name.
    func value(ofProperty localName: String) -> String? {
        let needle = Array(":\(localName)".utf8)
        var from = 0, attempts = 0
        while attempts < Self.maxAttempts, let at = find(needle, from: from) {
            from = at + 1
            attempts += 1
            var prefixStart = at
            while prefixStart > 0, isNameByte(s[prefixStart - 1]) { prefixStart -= 1 }
            guard prefixStart < at else { continue }
            let end = at + needle.count
            guard end < s.count, !isNameByte(s[end]) else { continue }
            let before = prefixStart > 0 ? s[prefixStart - 1] : 0
            if before == UInt8(ascii: "/") { continue }
            if before == UInt8(ascii: "<") {
                if let value = elementValue(after: end) { return value }
            } else if let value = attributeValue(after: end) {
                return value
            }
        }
        return nil
    }

    /// `= "value"` after an attribute name.
    private func attributeValue(after i: Int) -> String? {
        var j = skipSpace(i)
        guard j < s.count, s[j] == UInt8(ascii: "=") else { return nil }
        j = skipSpace(j + 1)
        return quoted(at: j)
    }

    /// The text content, or the `rdf:resource` attribute, of an element whose name ends at `i`.
    private func elementValue(after i: Int) -> String? {
        guard let close = find([UInt8(ascii: ">")], from: i, within: Self.maxReach) else { return nil }
        if let resource = find(Array("rdf:resource".utf8), from: i, within: close - i) {
            return attributeValue(after: resource + "rdf:resource".utf8.count)
        }
        guard s[close - 1] != UInt8(ascii: "/") else { return nil }
        let start = close + 1
        guard let end = find([UInt8(ascii: "<")], from: start, within: Self.maxReach) else { return nil }
        let text = XMLText.unescape(String(decoding: s[start ..< end], as: UTF8.self)).trimmingWhitespace()
        return text.isEmpty ? nil : text
    }

    private func quoted(at j: Int) -> String? {
        guard j < s.count, s[j] == UInt8(ascii: "\"") || s[j] == UInt8(ascii: "'") else { return nil }
        let quote = s[j]
        guard let end = find([quote], from: j + 1, within: Self.maxReach) else { return nil }
        return XMLText.unescape(String(decoding: s[j + 1 ..< end], as: UTF8.self))
    }

    private func skipSpace(_ i: Int) -> Int {
        var j = i
        while j < s.count, s[j] == 0x20 || s[j] == 0x09 || s[j] == 0x0A || s[j] == 0x0D { j += 1 }
        return j
    }

    private func isNameByte(_ b: UInt8) -> Bool {
        (0x30 ... 0x39).contains(b) || (0x41 ... 0x5A).contains(b) || (0x61 ... 0x7A).contains(b)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b >= 0x80
    }

    /// The first occurrence of `needle` starting in `start ..< start + within`.
    private func find(_ needle: [UInt8], from start: Int, within: Int = .max) -> Int? {
        guard !needle.isEmpty, start >= 0, needle.count <= s.count else { return nil }
        let last = min(s.count - needle.count, start + min(within, s.count) - 1)
        var i = start
        while i <= last {
            if s[i] == needle[0], s[i ..< i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
