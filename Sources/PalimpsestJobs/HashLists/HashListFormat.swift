import PalimpsestCore
import PalimpsestReport
import PalimpsestSearch
import PalimpsestFingerprint
import PalimpsestLedger

/// The hash-list formats `corpus import-hashes` reads and `corpus export-hashes` writes.
///
/// - ``threatexchange``: python-threatexchange's signal lines, `pdq <64 hex>` one per line
///   (as `threatexchange hash photo` and `threatexchange dataset -P -S` print them); a bare
///   64-hex line, as printed when a single signal type is selected, is read too. No quality
///   and no label: an imported hash is labelled with the list's file name and line.
/// - ``csv``: Meta's PDQ CSV, `hash,quality,path` (the output of Meta's `pdq-photo-hasher`
///   and of `palimpsest hash`), with or without a `hash,quality,path` header; everything
///   after the second comma is the path, commas included; an empty quality means unknown.
///
/// ```swift
/// let line = HashListFormat.csv.line(for: HashReference(pdq: hash, quality: 92, label: "cat.jpg"))
/// // "3f...e1,92,cat.jpg"
/// ```
public enum HashListFormat: String, Sendable, CaseIterable {
    /// `pdq <hex>` per line.
    case threatexchange
    /// `hash,quality,path` per line.
    case csv

    /// The python-threatexchange signal type name of PDQ.
    static let pdqSignalType = "pdq"

    /// The line that stands for `entry` in this format, without its line break.
    public func line(for entry: HashReference) -> String {
        switch self {
        case .threatexchange: Self.pdqSignalType + " " + entry.pdq.hex
        case .csv: entry.pdq.hex + "," + (entry.quality.map(String.init) ?? "") + "," + entry.label
        }
    }

    /// The whole list: one line per entry, each ended by a line break. The threatexchange
    /// format names hashes only, so it lists each distinct hash once.
    public func render(_ entries: [HashReference]) -> String {
        var seen = Set<Bits256>()
        var out = ""
        out.reserveCapacity(entries.count * (self == .csv ? 96 : 69))
        for entry in entries {
            if self == .threatexchange, !seen.insert(entry.pdq).inserted { continue }
            out += line(for: entry)
            out += "\n"
        }
        return out
    }
}
