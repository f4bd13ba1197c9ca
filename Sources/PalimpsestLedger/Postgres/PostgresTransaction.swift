import PalimpsestCore
import Foundation
import GRDB
internal import PostgresNIO

/// A transaction open on one PostgreSQL connection.
///
/// Arguments are sent as binary int8, float8, text and bytea values, and results are read back
/// into the storage classes SQLite would give the same columns (integers, reals, text, blobs;
/// booleans as 0 or 1), so that a row's canonical chain content is computed the same way on
/// both databases.
struct PostgresTransaction: LedgerTransaction {
    let connection: PostgresConnection
    let logger: Logger

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try run(sql, arguments).metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        try run(sql, arguments).rows.map(Self.row)
    }

    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (Row) throws -> Void) throws {
        for row in try run(sql, arguments).rows { try body(try Self.row(row)) }
    }

    /// Takes the transaction-scoped advisory lock that every chain append holds until commit.
    func lockChain() throws {
        try execute("SELECT pg_advisory_xact_lock(?)", [PostgresStore.chainLockKey])
    }

    /// Runs a statement and collects its rows.
    func run(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQueryResult {
        do {
            var binds = PostgresBindings(capacity: arguments.count)
            for argument in arguments {
                switch (argument?.databaseValue ?? .null).storage {
                case .null: binds.appendNull()
                case let .int64(integer): binds.append(integer)
                case let .double(real): binds.append(real)
                case let .string(text): binds.append(text)
                case let .blob(data): try binds.append(data)
                }
            }
            let query = PostgresQuery(unsafeSQL: arguments.isEmpty ? sql : Self.numberingPlaceholders(sql), binds: binds)
            return try connection.query(query, logger: logger).wait()
        } catch let error as LedgerError {
            throw error
        } catch {
            throw PostgresStore.ledgerError(error)
        }
    }

    /// A row as GRDB's, its values as SQLite would store them (the first of same-named columns).
    static func row(_ row: PostgresRow) throws -> Row {
        var columns: [String: DatabaseValue] = [:]
        for cell in row where columns[cell.columnName] == nil {
            columns[cell.columnName] = try value(of: cell)
        }
        return Row(columns)
    }

    /// A column's value as SQLite would store it.
    static func value(of cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return try cell.decode(Int64.self).databaseValue
        case .float4, .float8: return try cell.decode(Double.self).databaseValue
        case .bool: return (try cell.decode(Bool.self) ? 1 : 0).databaseValue
        case .bytea: return try cell.decode(Data.self).databaseValue
        case .text, .varchar, .bpchar, .name: return try cell.decode(String.self).databaseValue
        default:
            throw LedgerError.databaseFailure("the column \(cell.columnName) has the type \(cell.dataType), which the ledger does not read")
        }
    }

    /// Rewrites `?` placeholders as `$1`, `$2`, … (those inside quotes are left alone).
    ///
    /// Works on UTF-8 bytes, which is exact (a multi-byte character never holds an ASCII
    /// byte) and matters for a hash import's statements of thousands of placeholders.
    static func numberingPlaceholders(_ sql: String) -> String {
        let question = UInt8(ascii: "?"), apostrophe = UInt8(ascii: "'"), doubleQuote = UInt8(ascii: "\"")
        var out: [UInt8] = []
        out.reserveCapacity(sql.utf8.count * 2)
        var number = 0
        var quote: UInt8?
        for byte in sql.utf8 {
            if let open = quote {
                if byte == open { quote = nil }
                out.append(byte)
            } else if byte == apostrophe || byte == doubleQuote {
                quote = byte
                out.append(byte)
            } else if byte == question {
                number += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(number).utf8)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
