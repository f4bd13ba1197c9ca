import PalimpsestCore

/// The XMP properties that speak to provenance: IPTC's digital source type and the creator tool.
public struct XMPFields: Sendable, Equatable, Codable {
    /// The packet's length in UTF-8 bytes.
    public var packetLength: Int
    /// `Iptc4xmpExt:DigitalSourceType`: an IPTC NewsCodes URI such as
    /// `http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`.
    public var digitalSourceType: String?
    /// The last path component of ``digitalSourceType`` (`trainedAlgorithmicMedia`, `digitalCapture`, …).
    public var digitalSourceTypeCode: String?
    /// Whether the digital source type declares generative AI: `trainedAlgorithmicMedia` or
    /// `compositeWithTrainedAlgorithmicMedia`.
    public var declaresGenerativeAI: Bool?
    /// `xmp:CreatorTool`.
    public var creatorTool: String?

    /// The JSON keys, spelled so that snake_case conversion round-trips `declares_generative_ai`.
    enum CodingKeys: String, CodingKey {
        case packetLength, digitalSourceType, digitalSourceTypeCode, creatorTool
        case declaresGenerativeAI = "declaresGenerativeAi"
    }

    /// Creates fields for a packet of the given length.
    public init(packetLength: Int) { self.packetLength = packetLength }

    /// The IPTC digital source types that declare generative AI.
    public static let generativeAICodes: Set<String> = ["trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia"]

    /// Reads the properties from an XMP packet.
    init(packet: String, limits: MetadataLimits) {
        packetLength = packet.utf8.count
        let scanner = XMPScanner(packet)
        digitalSourceType = scanner.value(ofProperty: "DigitalSourceType").map {
            TextDecoding.truncated($0, toUTF8Bytes: limits.maxStringBytes).text
        }
        if let type = digitalSourceType {
            let code = String(type.split(separator: "/").last ?? Substring(type))
            digitalSourceTypeCode = code
            declaresGenerativeAI = Self.generativeAICodes.contains(code)
        }
        creatorTool = scanner.value(ofProperty: "CreatorTool").map { TextDecoding.truncated($0, toUTF8Bytes: limits.maxStringBytes).text }
    }
}
