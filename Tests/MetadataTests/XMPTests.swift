import PalimpsestCore
import PalimpsestMetadata
import Testing

/// XMP packets: IPTC digital source type and creator tool.
@Suite("XMP")
struct XMPTests {
    @Test("a JPEG APP1 packet declares trainedAlgorithmicMedia (attribute form)")
    func jpegAttribute() throws {
        let xmp = try #require(try MetadataFixture.read("xmp-trained.jpg").xmp)
        #expect(xmp.digitalSourceType == "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia")
        #expect(xmp.digitalSourceTypeCode == "trainedAlgorithmicMedia")
        #expect(xmp.declaresGenerativeAI == true)
        #expect(xmp.creatorTool == "Adobe Firefly")
    }

    @Test("a PNG iTXt packet declares compositeWithTrainedAlgorithmicMedia (element form)")
    func pngElement() throws {
        let metadata = try MetadataFixture.read("xmp-composite.png")
        #expect(metadata.xmp?.digitalSourceTypeCode == "compositeWithTrainedAlgorithmicMedia")
        #expect(metadata.xmp?.declaresGenerativeAI == true)
        #expect(metadata.xmp?.creatorTool == "Example Editor 3.0")
        #expect(metadata.textChunks.first?.interpretedAs == "xmp")
    }

    @Test("a digital capture does not declare generative AI")
    func digitalCapture() {
        let packet = "<x:xmpmeta><rdf:Description Iptc4xmpExt:DigitalSourceType=\"http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture\"/></x:xmpmeta>"
        let xmp = MetadataReader().read(MetadataFixture.png([("iTXt", Array("XML:com.adobe.xmp".utf8) + [0, 0, 0, 0, 0] + Array(packet.utf8))])).xmp
        #expect(xmp?.digitalSourceTypeCode == "digitalCapture")
        #expect(xmp?.declaresGenerativeAI == false)
    }
}
