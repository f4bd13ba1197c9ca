/// One of the eight symmetries of a rectangle: rotations by multiples of 90° and mirror images.
///
/// The order of the cases is the order PDQ's reference implementation lists its dihedral hashes in.
public enum Dihedral: Int, CaseIterable, Sendable {
    /// The image as it is.
    case original = 0
    /// Rotated 90° counter-clockwise (PDQ's `rotate90`).
    case rotate90
    /// Rotated 180°.
    case rotate180
    /// Rotated 270° counter-clockwise (90° clockwise).
    case rotate270
    /// Mirrored left to right (PDQ's `flipX`).
    case flipX
    /// Mirrored top to bottom (PDQ's `flipY`).
    case flipY
    /// Mirrored about the main diagonal: a transpose (PDQ's `flipPlus1`).
    case flipPlus1
    /// Mirrored about the anti-diagonal (PDQ's `flipMinus1`).
    case flipMinus1

    /// The name used in reports and in PDQ's reference output.
    public var name: String {
        switch self {
        case .original: "original"
        case .rotate90: "rotate90"
        case .rotate180: "rotate180"
        case .rotate270: "rotate270"
        case .flipX: "flipx"
        case .flipY: "flipy"
        case .flipPlus1: "flipplus1"
        case .flipMinus1: "flipminus1"
        }
    }

    /// Whether the transform mirrors the image (reverses its orientation).
    public var mirrors: Bool { rawValue >= Dihedral.flipX.rawValue }

    /// Whether the transform swaps width and height.
    public var swapsAxes: Bool {
        switch self {
        case .rotate90, .rotate270, .flipPlus1, .flipMinus1: true
        default: false
        }
    }
}

extension Dihedral: Codable {
    /// Decodes from the ``name`` string.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Dihedral.allCases.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown dihedral transform \(name)"))
        }
        self = value
    }

    /// Encodes as the ``name`` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
