import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import Foundation

/// Prompts of generated images, from a CSV of `file name, prompt[, seed, model]`, keyed by
/// file name (the folder is ignored).
public struct PromptTable: Sendable {
    /// Prompt by file name.
    public private(set) var prompts: [String: String] = [:]

    /// An empty table.
    public init() {}

    /// Reads a CSV file (RFC 4180 quoting; a header row whose first cell is `file` or
    /// `filename` is skipped).
    ///
    /// - Throws: ``AuditError/unreadablePrompts(path:reason:)``.
    public init(contentsOf path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AuditError.unreadablePrompts(path: path, reason: "it cannot be read as UTF-8 text")
        }
        for (n, row) in Self.rows(text).enumerated() where row.count >= 2 {
            if n == 0, ["file", "filename", "file_name", "path"].contains(row[0].lowercased()) { continue }
            prompts[(row[0] as NSString).lastPathComponent] = row[1]
        }
    }

    /// Adds a prompt for a file name unless the table already has one (a `--prompts` file wins
    /// over what the file's own metadata says).
    public mutating func addIfAbsent(path: String, prompt: String) {
        let name = (path as NSString).lastPathComponent
        if prompts[name] == nil { prompts[name] = prompt }
    }

    /// The prompt of the image at `path`, if listed.
    public func prompt(for path: String) -> String? { prompts[(path as NSString).lastPathComponent] }

    /// Splits CSV text into rows of cells.
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = ""
        var quoted = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = chars.next()
                    if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                } else {
                    cell.append(c)
                }
            } else if c == "\"" && cell.isEmpty {
                quoted = true
            } else if c == "," {
                row.append(cell)
                cell = ""
            } else if c == "\n" || c == "\r\n" || c == "\r" {
                row.append(cell)
                if row != [""] { rows.append(row) }
                row = []
                cell = ""
            } else {
                cell.append(c)
            }
        }
        row.append(cell)
        if row != [""] { rows.append(row) }
        return rows
    }
}
