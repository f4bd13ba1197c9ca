import PalimpsestCore

/// A perceptual hash that Palimpsest computes for every image, compares between a query and
/// its candidates, stores in the ledger and prints in reports and `hash --json`.
///
/// Adding one takes a file that conforms to this protocol and a line in
/// ``PerceptualHashes/all``: the ledger keeps every hash's code in one table keyed by image and
/// name, the signals of a match hold every hash's distance (`<name>_distance` in reports), and
/// the report's JSON Schema and the service's OpenAPI document are generated from the list.
///
/// ```swift
/// struct AverageHash: PerceptualHash {
///     let name = "ahash"
///     let label = "aHash"
///     let bitCount = 64
///     let summary = "ImageHash's average_hash: an 8×8 grey thumbnail's pixels above their mean."
///     func code(of image: HashingInput) -> HashCode { ImageHashBits.average(image.thumbnail(width: 8, height: 8)).code }
/// }
/// ```
public protocol PerceptualHash: Sendable {
    /// The hash's name in the ledger, in reports and in `hash --json`: lower-case letters,
    /// digits and underscores, never changed once released.
    var name: String { get }
    /// The name people know it by, for report tables ("pHash").
    var label: String { get }
    /// The width of its code in bits.
    var bitCount: Int { get }
    /// One sentence on what it is, for the report's schema and the documentation.
    var summary: String { get }
    /// The largest distance between two codes.
    var maxDistance: Int { get }

    /// The code of one image.
    func code(of image: HashingInput) -> HashCode

    /// The distance between two codes of this hash, or `nil` when either is not a valid code.
    func distance(between a: HashCode, and b: HashCode) -> Int?
}

extension PerceptualHash {
    /// Hamming distance.
    public var maxDistance: Int { bitCount }

    /// The Hamming distance of two codes of ``bitCount`` bits or fewer (at most 64).
    public func distance(between a: HashCode, and b: HashCode) -> Int? {
        guard let x = Hash64(hex: a.hex), let y = Hash64(hex: b.hex) else { return nil }
        return x.distance(to: y)
    }
}
