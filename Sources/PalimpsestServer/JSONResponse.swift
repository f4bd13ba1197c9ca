import Foundation
import HTTPTypes
import Hummingbird
import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport

/// JSON responses in Palimpsest's one convention (``JSONCoding``: snake_case keys, sorted),
/// so that a finding served here has the very bytes of its `report.json` entry's shape.
enum JSONResponse {
    /// `value` as an `application/json` response.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var data = try JSONCoding.encoder().encode(value)
        data.append(0x0A)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Duration {
    /// The duration in seconds, as a number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
