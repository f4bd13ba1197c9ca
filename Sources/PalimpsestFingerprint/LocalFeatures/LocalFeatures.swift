import PalimpsestCore

/// The keypoints and descriptors of one image, ready to be matched against another's.
///
/// Descriptors are 128 bytes per keypoint, in keypoint order: SIFT's 4×4×8 gradient
/// histograms in RootSIFT form, so the Euclidean distance between two of them measures how
/// alike the two neighbourhoods look, whatever their scale and rotation.
///
/// ```swift
/// let features = LocalFeatureExtractor().extract(raster)
/// let stored = features.serialized()
/// let restored = LocalFeatures(serialized: stored)  // == features
/// ```
public struct LocalFeatures: Sendable, Equatable {
    /// Bytes in one descriptor.
    public static let descriptorLength = 128

    /// Width of the raster the features came from.
    public var width: Int
    /// Height of the raster the features came from.
    public var height: Int
    /// The keypoints, strongest first.
    public var keypoints: [Keypoint]
    /// `keypoints.count * 128` bytes: the descriptor of keypoint `i` starts at `i * 128`.
    public var descriptors: [UInt8]

    /// Creates features from parts.
    ///
    /// - Precondition: `descriptors.count == keypoints.count * 128`.
    public init(width: Int, height: Int, keypoints: [Keypoint], descriptors: [UInt8]) {
        precondition(descriptors.count == keypoints.count * Self.descriptorLength,
                     "LocalFeatures needs 128 descriptor bytes per keypoint")
        self.width = width
        self.height = height
        self.keypoints = keypoints
        self.descriptors = descriptors
    }

    /// Number of keypoints.
    public var count: Int { keypoints.count }

    /// The features of the keypoints in `range`, in order, on the same image.
    public func slice(_ range: Range<Int>) -> LocalFeatures {
        let length = Self.descriptorLength
        return LocalFeatures(width: width, height: height, keypoints: Array(keypoints[range]),
                             descriptors: Array(descriptors[(range.lowerBound * length) ..< (range.upperBound * length)]))
    }

    /// The features the left–right mirror image would have: positions reflected across the
    /// vertical centre line, directions reflected, descriptors permuted to match.
    ///
    /// Matching a query's mirrored features finds copies that were flipped.
    public func mirrored() -> LocalFeatures {
        let right = Float(width - 1)
        let points = keypoints.map { point in
            var angle = Float.pi - point.angle
            if angle < 0 { angle += 2 * .pi }
            return Keypoint(x: right - point.x, y: point.y, scale: point.scale, angle: angle, response: point.response)
        }
        let permutation = SIFTDescriptor.mirrorPermutation
        var bytes = [UInt8](repeating: 0, count: descriptors.count)
        descriptors.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBufferPointer { target in
                for start in stride(from: 0, to: source.count, by: Self.descriptorLength) {
                    for i in 0 ..< Self.descriptorLength { target[start + permutation[i]] = source[start + i] }
                }
            }
        }
        return LocalFeatures(width: width, height: height, keypoints: points, descriptors: bytes)
    }
}
