import PalimpsestCore
import Foundation

/// The service's OpenAPI 3 document, `Resources/openapi.yaml`, served verbatim at
/// `/openapi.yaml`.
enum OpenAPIDocument {
    /// The document's bytes.
    ///
    /// - Throws: ``ServerError/missingOpenAPIDocument`` when the resource bundle is missing.
    static func load() throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let data = try? Data(contentsOf: url) else {
            throw ServerError.missingOpenAPIDocument
        }
        return Array(data)
    }
}
