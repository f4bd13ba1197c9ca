import PalimpsestCore

/// Splits Automatic1111's parameters text as the web UI's `parse_generation_parameters` does.
enum Automatic1111Parser {
    /// Parses `text`; `nil` when `requireSettings` and the last line holds fewer than three
    /// `key: value` pairs (text that is not Automatic1111's).
    static func parse(_ text: String, source: String, requireSettings: Bool, context: inout MetadataContext) -> Automatic1111Parameters? {
        let limits = context.limits
        var lines = text.trimmingWhitespace().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let last = lines.last else { return nil }
        var settings = Self.settings(in: last, limits: limits)
        if settings.count >= 3 {
            lines.removeLast()
        } else {
            guard !requireSettings else { return nil }
            settings = []
        }
        if settings.count >= limits.maxSegments { context.warn("Automatic1111 parameters: more than \(limits.maxSegments) settings; the rest ignored") }

        var prompt: [String] = [], negative: [String] = []
        var doneWithPrompt = false
        for raw in lines {
            var line = raw.trimmingWhitespace()
            if line.hasPrefix("Negative prompt:") {
                doneWithPrompt = true
                line = String(line.dropFirst("Negative prompt:".count)).trimmingWhitespace()
            }
            if doneWithPrompt { negative.append(line) } else { prompt.append(line) }
        }
        let promptText = Self.bounded(prompt.joined(separator: "\n"), "prompt", &context)
        let negativeText = negative.isEmpty ? nil : Self.bounded(negative.joined(separator: "\n"), "negative prompt", &context)
        return Automatic1111Parameters(source: source, prompt: promptText, negativePrompt: negativeText, settings: settings)
    }

    private static func bounded(_ text: String, _ what: String, _ context: inout MetadataContext) -> String {
        let (kept, cut) = TextDecoding.truncated(text, toUTF8Bytes: context.limits.maxStringBytes)
        if cut { context.warn("Automatic1111 \(what): longer than \(context.limits.maxStringBytes) bytes; cut short") }
        return kept
    }

    /// The `key: value` pairs of a settings line, found as the web UI's pattern
    /// `\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)` finds them, in linear time.
    static func settings(in line: String, limits: MetadataLimits) -> [GenerationSetting] {
        let s = Array(line.unicodeScalars)
        var out: [GenerationSetting] = []
        var i = 0
        while i < s.count, out.count < limits.maxSegments {
            var start = i
            while start < s.count, s[start].properties.isWhitespace { start += 1 }
            guard start < s.count else { break }
            guard isWord(s[start]) else {
                i = start + 1
                continue
            }
            var end = start + 1
            while end < s.count, isWord(s[end]) || s[end] == " " || s[end] == "-" || s[end] == "/" { end += 1 }
            // Every start inside this run of key characters stops at the same place: skip them all.
            guard end < s.count, s[end] == ":", end - start >= 2 else {
                i = end
                continue
            }
            let key = String(String.UnicodeScalarView(s[start ..< end]))
            var v = end + 1
            while v < s.count, s[v].properties.isWhitespace { v += 1 }
            if let (value, next) = quoted(s, from: v) {
                out.append(GenerationSetting(key: key, value: value))
                i = next
                continue
            }
            var stop = v
            while stop < s.count, s[stop] != "," { stop += 1 }
            out.append(GenerationSetting(key: key, value: String(String.UnicodeScalarView(s[v ..< stop]))))
            i = stop + 1
        }
        return out
    }

    /// A JSON-quoted value starting at `start` and followed by a comma or the end, unquoted.
    private static func quoted(_ s: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        guard start < s.count, s[start] == "\"" else { return nil }
        var j = start + 1
        while j < s.count, s[j] != "\"" {
            j += s[j] == "\\" ? 2 : 1
        }
        guard j < s.count, j > start + 1, j + 1 == s.count || s[j + 1] == "," else { return nil }
        let literal = String(String.UnicodeScalarView(s[start ... j]))
        guard case let .string(value)? = try? BoundedJSONParser(limits: MetadataLimits()).parse(literal).value else { return nil }
        return (value, j + 2)
    }

    private static func isWord(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isAlphabetic || c.properties.numericType != nil
    }
}
