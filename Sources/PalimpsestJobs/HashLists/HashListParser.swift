import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import Foundation
import PalimpsestFingerprint
import PalimpsestLedger

/// A line of a hash list that could not be read, with the reason.
public struct HashListProblem: Error, Sendable, Equatable {
    /// The line number, from 1.
    public var line: Int
    /// What is wrong with it, as a sentence that says what was expected.
    public var reason: String

    /// Groups a line number and a reason.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
}

/// A hash list read from text: the entries, the lines that could not be read, and the format
/// (told by the first line that is not blank, and required of every other line).
public struct ParsedHashList: Sendable {
    /// The format the list was read as, or `nil` when it holds no line at all.
    public var format: HashListFormat?
    /// The entries, in list order.
    public var entries: [HashReference] = []
    /// The malformed lines, in list order.
    public var problems: [HashListProblem] = []
}

/// Reads hash lists in either ``HashListFormat``.
///
/// Blank lines are skipped and line ends may be `\n` or `\r\n`. Every other line must hold a
/// PDQ hash (64 hex digits, either case) in the list's format; a CSV list may start with a
/// header (`hash,quality,path`). Malformed lines are listed with their numbers, and reading
/// goes on.
///
/// ```swift
/// let list = HashListParser(source: "flagged.txt").parse(text)
/// for problem in list.problems { print("flagged.txt:\(problem.line): \(problem.reason)") }
/// ```
public struct HashListParser: Sendable {
    /// How the list is named in the labels of threatexchange entries (`SOURCE:LINE`).
    public var source: String

    /// A parser whose threatexchange entries are labelled `source:LINE`.
    public init(source: String) {
        self.source = source
    }

    /// Reads every line of `text`. Lines are cut on their bytes, so a million lines take
    /// about a second.
    public func parse(_ text: String) -> ParsedHashList {
        var list = ParsedHashList()
        var number = 0
        for raw in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            number += 1
            let line = Substring(raw).trimmingWhitespace()
            guard !line.isEmpty else { continue }
            let format = list.format ?? (line.utf8.contains(UInt8(ascii: ",")) ? .csv : .threatexchange)
            if list.format == nil {
                list.format = format
                if format == .csv, Self.isHeader(line) { continue }
            }
            switch Self.read(line, as: format, number: number, source: source) {
            case let .success(entry): list.entries.append(entry)
            case let .failure(problem): list.problems.append(problem)
            }
        }
        return list
    }

    /// Whether the first line of a CSV list is a header (`hash,quality,path` or alike).
    static func isHeader(_ line: Substring) -> Bool {
        let first = line.prefix { $0 != "," }.trimmingWhitespace().lowercased()
        return ["hash", "pdq", "pdq_hash", "pdqhash"].contains(first)
    }

    private static func read(_ line: Substring, as format: HashListFormat, number: Int, source: String)
        -> Result<HashReference, HashListProblem> {
        switch format {
        case .threatexchange: readSignal(line, number: number, source: source)
        case .csv: readCSV(line, number: number, source: source)
        }
    }

    /// `pdq <hex>`, or a bare hash.
    private static func readSignal(_ line: Substring, number: Int, source: String) -> Result<HashReference, HashListProblem> {
        let fields = line.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }).map { Substring($0) }
        let label = "\(source):\(number)"
        switch fields.count {
        case 1:
            guard let hash = Bits256(hex: fields[0]) else {
                let hint = line.utf8.contains(UInt8(ascii: ",")) ? " (the list's first line is not CSV, so no line may be)" : ""
                return .failure(HashListProblem(line: number, reason: "expected `pdq <64 hex digits>`, found \(excerpt(line))\(hint)"))
            }
            return .success(HashReference(pdq: hash, quality: nil, label: label))
        case 2:
            guard fields[0].lowercased() == HashListFormat.pdqSignalType else {
                return .failure(HashListProblem(line: number, reason: "signal type `\(excerpt(fields[0]))` is not PDQ: only `pdq` lines can be imported"))
            }
            guard let hash = Bits256(hex: fields[1]) else {
                return .failure(HashListProblem(line: number, reason: "`\(excerpt(fields[1]))` is not a PDQ hash (64 hex digits)"))
            }
            return .success(HashReference(pdq: hash, quality: nil, label: label))
        default:
            return .failure(HashListProblem(line: number, reason: "expected `pdq <64 hex digits>`, found \(excerpt(line))"))
        }
    }

    /// `hash,quality,path`: the path is everything after the second comma (it may be empty or
    /// quoted, and may contain commas); an empty quality is unknown.
    private static func readCSV(_ line: Substring, number: Int, source: String) -> Result<HashReference, HashListProblem> {
        let fields = line.utf8.split(separator: UInt8(ascii: ","), maxSplits: 2, omittingEmptySubsequences: false).map { Substring($0) }
        guard fields.count >= 2 else {
            return .failure(HashListProblem(line: number, reason: "expected `hash,quality,path` (the list's first line is CSV), found \(excerpt(line))"))
        }
        guard let hash = Bits256(hex: fields[0].trimmingWhitespace()) else {
            return .failure(HashListProblem(line: number, reason: "`\(excerpt(fields[0]))` is not a PDQ hash (64 hex digits)"))
        }
        let qualityText = fields[1].trimmingWhitespace()
        var quality: Int?
        if !qualityText.isEmpty {
            guard let value = Int(qualityText), (0 ... 100).contains(value) else {
                return .failure(HashListProblem(line: number, reason: "quality `\(excerpt(qualityText))` is not a whole number from 0 to 100"))
            }
            quality = value
        }
        let path = fields.count == 3 ? unquoted(fields[2].trimmingWhitespace()) : ""
        return .success(HashReference(pdq: hash, quality: quality, label: path.isEmpty ? "\(source):\(number)" : path))
    }

    /// A field without the double quotes a CSV writer puts around it, `""` read as `"`.
    private static func unquoted(_ field: Substring) -> String {
        guard field.count >= 2, field.first == "\"", field.last == "\"" else { return String(field) }
        return field.dropFirst().dropLast().replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// The start of a text, for an error message.
    private static func excerpt(_ text: some StringProtocol) -> String {
        text.count <= 40 ? String(text) : String(text.prefix(37)) + "..."
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and carriage returns (compared as bytes).
    func trimmingWhitespace() -> Substring {
        let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex ..< endIndex]
        }
        return Substring(utf8[start ... last])
    }
}
