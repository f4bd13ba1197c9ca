import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestIndex

/// A fixed set of local-feature codes of real images that a query keypoint's code is compared
/// with to learn how ordinary it is: its vote reaches only references whose codes are clearly
/// nearer to it than the panel's nearest code (see ``PalimpsestIndex/LocalFeatureIndex``'s
/// search against a panel). Measured against a panel, a reference's votes depend on the query,
/// the reference and the recorded configuration only; measured against the other references,
/// as in matching-v3, they moved whenever unrelated images were added to the corpus.
///
/// Panels are registered in ``CodePanels``; `palimpsest-bench --make-code-panel` writes one from
/// a list of image files.
public struct CodePanel: NamedPanel {
    /// Names the panel in configurations, such as `dog-rootsift-v2-debian-256`.
    public let name: String
    /// The ``PalimpsestFingerprint/LocalFeatureExtractor/identifier`` its codes came from.
    public let extractor: String
    /// What the images were, for reports and `palimpsest config show`.
    public let origin: String
    /// The panel images' codes, directions and scales, as references of an index.
    public let index: LocalFeatureIndex
    /// SHA-256 of the encoded panel (``encoded``), in hex: names these exact codes.
    public let digest: String
    /// The panel's bytes: the magic, the image and code counts (UInt32 each), each image's code
    /// count (UInt16), each code's two words (UInt64), then each code's direction in 256ths of
    /// a turn (UInt8) and its log2-scale in 16ths (Int8), all little-endian.
    public let encoded: Data

    /// The encoding's first bytes: a name and a format version.
    static let magic = Array("PALCODES1".utf8)

    /// How many images the panel holds.
    public var imageCount: Int { index.count }
    /// How many codes it holds.
    public var codeCount: Int { index.codeCount }

    /// The panel in words, for reports.
    public var summary: String { "the fixed code panel \(name), \(codeCount) codes of \(imageCount) images: \(origin)" }

    /// A panel of the first `featuresPerReference` keypoints of each of `features`, their
    /// directions and scales rounded as they are stored (so a panel built here and one read
    /// back agree).
    public init(name: String, extractor: String, origin: String, features: [LocalFeatures], featuresPerReference: Int = 400) throws {
        let coded = features.map { LocalFeatureIndex.coded($0, limit: min(featuresPerReference, Int(UInt16.max))) }
        var bytes = Self.magic
        LittleEndian.append(UInt32(coded.count), to: &bytes)
        LittleEndian.append(UInt32(coded.map(\.angles.count).reduce(0, +)), to: &bytes)
        for image in coded { LittleEndian.append(UInt16(image.angles.count), to: &bytes) }
        for image in coded { for word in image.words { LittleEndian.append(word, to: &bytes) } }
        for image in coded {
            for angle in image.angles {
                let turn = angle / (2 * .pi) - (angle / (2 * .pi)).rounded(.down)
                bytes.append(UInt8(Int((turn * 256).rounded()) & 255))
            }
        }
        for image in coded {
            for scale in image.logScales { bytes.append(UInt8(bitPattern: Int8(max(-127, min(127, (scale * 16).rounded()))))) }
        }
        try self.init(name: name, extractor: extractor, origin: origin, encoded: Data(bytes), featuresPerReference: featuresPerReference)
    }

    /// A panel from its encoding (``encoded``).
    ///
    /// - Throws: ``CodePanelError/malformed`` when the bytes are not a panel of this format.
    public init(name: String, extractor: String, origin: String, encoded: Data, featuresPerReference: Int = 400) throws {
        let bytes = [UInt8](encoded)
        let header = Self.magic.count + 8
        guard bytes.count >= header, Array(bytes.prefix(Self.magic.count)) == Self.magic else { throw CodePanelError.malformed }
        let images = Int(LittleEndian.read(UInt32.self, bytes, at: Self.magic.count))
        let codes = Int(LittleEndian.read(UInt32.self, bytes, at: Self.magic.count + 4))
        guard images > 0, bytes.count == header + 2 * images + codes * 18 else { throw CodePanelError.malformed }
        let counts = (0 ..< images).map { Int(LittleEndian.read(UInt16.self, bytes, at: header + 2 * $0)) }
        guard counts.reduce(0, +) == codes, counts.allSatisfy({ $0 <= featuresPerReference }) else { throw CodePanelError.malformed }
        let wordsAt = header + 2 * images, anglesAt = wordsAt + 16 * codes, scalesAt = anglesAt + codes
        var index = LocalFeatureIndex(featuresPerReference: featuresPerReference)
        var first = 0
        for count in counts {
            let range = first ..< first + count
            index.add(words: range.flatMap { [LittleEndian.read(UInt64.self, bytes, at: wordsAt + 16 * $0),
                                               LittleEndian.read(UInt64.self, bytes, at: wordsAt + 16 * $0 + 8)] },
                      angles: range.map { Float(bytes[anglesAt + $0]) / 256 * 2 * .pi },
                      logScales: range.map { Float(Int8(bitPattern: bytes[scalesAt + $0])) / 16 })
            first += count
        }
        self.name = name
        self.extractor = extractor
        self.origin = origin
        self.index = index
        self.encoded = encoded
        digest = Digest.sha256Hex(encoded)
    }
}

/// Why bytes could not be read as a ``CodePanel``.
public enum CodePanelError: Error, Equatable, CustomStringConvertible {
    /// The bytes are not a panel of this format.
    case malformed

    public var description: String {
        "not a code panel of this format (PALCODES1), or with more codes per image than the index keeps"
    }
}

/// The code panels this build of Palimpsest knows, by name: add a panel by adding its file and
/// a line here.
public enum CodePanels: PanelRegistry {
    /// Every registered panel.
    public static var all: [CodePanel] { [standard] }
    public static let kind = "code panel"
    public static let corpusSummary = "the other references of the corpus searched (votes move when unrelated references are added)"

    /// The panel of ``PalimpsestFingerprint/LocalFeatureExtractor`` codes shipped with this version.
    public static let standard: CodePanel = {
        do {
            return try CodePanel(name: CodePanelData.name, extractor: LocalFeatureExtractor.identifier, origin: CodePanelData.origin,
                                 encoded: Data(base64Encoded: CodePanelData.base64) ?? Data())
        } catch {
            fatalError("the shipped code panel does not decode: \(error)")
        }
    }()
}
