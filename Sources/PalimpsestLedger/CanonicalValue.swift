import PalimpsestCore
import Foundation
import GRDB

/// A JSON value built from ledger rows: the canonical content a chain entry hashes.
///
/// A row becomes an object of its non-NULL columns (integers, reals and text as JSON numbers
/// and strings, blobs as `hex:…` strings), encoded with sorted keys by ``JSONCoding``, so that
/// the same row always gives the same bytes. NULL columns are left out, so that a later
/// migration adding a nullable column does not change the content of older rows.
indirect enum CanonicalValue: Encodable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case array([CanonicalValue])
    case object([String: CanonicalValue])

    /// The value of one column, or `nil` for NULL.
    init?(_ value: DatabaseValue) {
        switch value.storage {
        case .null: return nil
        case let .int64(integer): self = .integer(integer)
        case let .double(real): self = .real(real)
        case let .string(text): self = .text(text)
        case let .blob(data): self = .text("hex:" + data.map { String(format: "%02x", $0) }.joined())
        }
    }

    /// A row as an object of its non-NULL columns.
    init(row: Row) {
        var columns: [String: CanonicalValue] = [:]
        for (name, value) in row {
            if let value = CanonicalValue(value) { columns[name] = value }
        }
        self = .object(columns)
    }

    /// Adds or replaces a key of an object; other values are returned unchanged.
    func adding(_ key: String, _ value: CanonicalValue) -> CanonicalValue {
        guard case var .object(columns) = self else { return self }
        columns[key] = value
        return .object(columns)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .integer(integer): try container.encode(integer)
        case let .real(real): try container.encode(real)
        case let .text(text): try container.encode(text)
        case let .array(values): try container.encode(values)
        case let .object(columns): try container.encode(columns)
        }
    }
}
