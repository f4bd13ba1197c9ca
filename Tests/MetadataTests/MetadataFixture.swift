import PalimpsestCore
import PalimpsestMetadata
import PalimpsestTestSupport

/// Reads the metadata fixtures of `Tests/Fixtures/metadata` (made by its `make_fixtures.py`).
enum MetadataFixture {
    /// The metadata of the named fixture.
    static func read(_ name: String, limits: MetadataLimits = MetadataLimits()) throws -> ProvenanceMetadata {
        MetadataReader(limits: limits).read(try bytes(name))
    }

    /// The bytes of the named fixture.
    static func bytes(_ name: String) throws -> [UInt8] {
        try Fixtures.bytes("metadata/\(name)")
    }

    /// A minimal PNG (a 1×1 IHDR, the given chunks, IEND); CRCs are left zero, since the
    /// metadata reader does not check them.
    static func png(_ chunks: [(type: String, data: [UInt8])]) -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let n = UInt32(data.count)
            return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        let ihdr: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr)
            + chunks.flatMap { chunk($0.type, $0.data) } + chunk("IEND", [])
    }

    /// The metadata of a minimal PNG holding one tEXt chunk.
    static func readText(_ keyword: String, _ text: String) -> ProvenanceMetadata {
        MetadataReader().read(png([("tEXt", Array(keyword.utf8) + [0] + Array(text.utf8))]))
    }
}
