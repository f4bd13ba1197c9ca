import Foundation
import PalimpsestCore
import PalimpsestMetadata
import Testing

/// Metadata as the ledger records it: JSON in Palimpsest's snake_case convention.
@Suite("metadata JSON")
struct MetadataJSONTests {
    @Test("metadata survives a round trip through the ledger's JSON convention", arguments: [
        "a1111-txt2img.png", "a1111.jpg", "comfyui-img2img.png", "novelai.png", "invokeai.png", "xmp-trained.jpg", "c2pa.png",
        "hostile-ztxt-bomb.png",
    ])
    func roundTrip(name: String) throws {
        let metadata = try MetadataFixture.read(name)
        let json = try JSONCoding.string(metadata)
        #expect(try JSONCoding.decoder.decode(ProvenanceMetadata.self, from: Data(json.utf8)) == metadata)
    }

    @Test("generator blocks are keyed comfyui, novelai and invokeai")
    func generatorKeys() throws {
        let keys = try ["comfyui-txt2img.png", "novelai.png", "invokeai.png"].map { name in
            let json = try JSONCoding.string(try MetadataFixture.read(name))
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return Set(object?.keys.map { $0 } ?? [])
        }
        #expect(keys[0].contains("comfyui"))
        #expect(keys[1].contains("novelai"))
        #expect(keys[2].contains("invokeai"))
    }
}
