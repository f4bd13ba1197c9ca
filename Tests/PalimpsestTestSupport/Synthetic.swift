import Foundation
import PalimpsestCore
import PalimpsestFingerprint

/// Builders of synthetic fingerprints and temporary folders for tests.
public enum Synthetic {
    /// A random 256-bit hash.
    public static func bits256(_ rng: inout SplitMix64) -> Bits256 {
        Bits256(words: SIMD4(rng.next(), rng.next(), rng.next(), rng.next()))
    }

    /// `hash` with `count` distinct bits flipped.
    public static func flipping(_ count: Int, bitsOf hash: Bits256, _ rng: inout SplitMix64) -> Bits256 {
        var out = hash
        var flipped = Set<Int>()
        while flipped.count < count {
            let bit = Int(rng.next() % 256)
            if flipped.insert(bit).inserted { out[bit: bit].toggle() }
        }
        return out
    }

    /// A random unit vector of length `dimension`.
    public static func unitVector(_ dimension: Int, _ rng: inout SplitMix64) -> [Float] {
        let v = (0 ..< dimension).map { _ in Float(Double(rng.next() % 20_000) / 10_000 - 1) }
        let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / length }
    }

    /// A PDQ fingerprint whose dihedral hashes are all `hash` except where given.
    public static func pdq(_ hash: Bits256, quality: Int = 100) -> PDQFingerprint {
        PDQFingerprint(hash: hash, quality: quality, dihedral: Array(repeating: hash, count: 8))
    }

    /// A fresh temporary folder, removed by the caller when done.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("palimpsest-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension Synthetic {
    /// Fingerprints with random hashes and embedding, identified by `sha256`.
    public static func fingerprints(sha256: String, _ rng: inout SplitMix64, dimension: Int = 224) -> Fingerprints {
        let hash = bits256(&rng)
        return Fingerprints(
            sha256: sha256, pixelDigest: "pixels-" + sha256, pdq: pdq(hash),
            hashes: hashCodes(&rng),
            embedding: unitVector(dimension, &rng), embedderIdentifier: "layout-v1")
    }

    /// A random code for every registered perceptual hash.
    public static func hashCodes(_ rng: inout SplitMix64) -> HashCodes {
        var codes = HashCodes()
        for hash in PerceptualHashes.all {
            let bits = rng.next()
            codes[hash.name] = hash.name == ColorHistogramHash().name
                ? ColorHash(bits >> UInt64(64 - hash.bitCount)).code : Hash64(bits).code
        }
        return codes
    }
}
