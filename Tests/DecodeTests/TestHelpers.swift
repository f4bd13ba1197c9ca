import PalimpsestCore
import PalimpsestDecode
import PalimpsestTestSupport

/// FNV-1a 64 over a raster's bytes: the checksum `Tests/Fixtures/decode/tools/make_fixtures.py`
/// prints for Pillow's pixels.
func fnv1a64(_ bytes: [UInt8]) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in bytes {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
    return hash
}

/// Decodes a committed fixture under `Tests/Fixtures/decode`.
func decodeFixture(_ name: String, _ options: DecodeOptions = DecodeOptions()) throws -> DecodedImage {
    try ImageDecoder(options: options).decode(Fixtures.bytes("decode/" + name))
}

/// Options that reproduce Pillow's `Image.open(f).convert("RGB")`: no rotation, alpha dropped.
let pillowOptions = DecodeOptions(applyOrientation: false, alpha: .drop)

/// The four colours of the orientation fixtures' quadrants.
enum Quadrant: String, CaseIterable, Sendable {
    case red, green, blue, white

    var rgb: (Int, Int, Int) {
        switch self {
        case .red: (255, 0, 0)
        case .green: (0, 255, 0)
        case .blue: (0, 0, 255)
        case .white: (255, 255, 255)
        }
    }

    /// The quadrant colour nearest to a pixel (JPEG blurs colours slightly).
    static func nearest(_ pixel: (r: UInt8, g: UInt8, b: UInt8)) -> Quadrant {
        allCases.min { a, b in distance(a, pixel) < distance(b, pixel) }!
    }

    private static func distance(_ q: Quadrant, _ p: (r: UInt8, g: UInt8, b: UInt8)) -> Int {
        let (r, g, b) = q.rgb
        return (r - Int(p.r)) * (r - Int(p.r)) + (g - Int(p.g)) * (g - Int(p.g)) + (b - Int(p.b)) * (b - Int(p.b))
    }
}

extension Raster {
    /// Quadrant colours at the top-left, top-right, bottom-left and bottom-right corners.
    var corners: [Quadrant] {
        [pixel(x: 0, y: 0), pixel(x: width - 1, y: 0), pixel(x: 0, y: height - 1), pixel(x: width - 1, y: height - 1)]
            .map(Quadrant.nearest)
    }
}
