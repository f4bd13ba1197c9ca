import PalimpsestCore

/// Finds scale- and rotation-invariant keypoints in a raster and describes each with a
/// 128-byte SIFT-style descriptor, so that crops, rescaled, rotated, skewed or pasted copies of
/// an image can be matched point to point.
///
/// The raster's luma is resized so its long side is ``workingSize``, a Gaussian scale space
/// (three layers per octave, σ from 1.6 doubling per octave) is built, and extrema of its
/// differences of Gaussians are kept when contrasted and not on straight edges. Keypoints are
/// chosen strongest first but with a share reserved for every cell of a 4×4 grid, so a small
/// pasted region still gets keypoints. Each gets up to two dominant directions.
///
/// ```swift
/// let extractor = LocalFeatureExtractor(maxFeatures: 400)
/// let features = extractor.extract(decoded.raster)
/// print(features.count, features.keypoints[0].scale)
/// ```
public struct LocalFeatureExtractor: Sendable {
    /// Names the algorithm and its version; features with different identifiers do not match.
    public static let identifier = "dog-rootsift-v2"

    /// The most keypoints returned.
    public var maxFeatures: Int
    /// The long side, in pixels, the raster is resized to before detection.
    public var workingSize: Int
    /// The least contrast (|DoG| × layers, on 0…1 luma) a keypoint needs; SIFT's 0.04 is
    /// stricter, but the strongest keypoints are kept first anyway.
    public var contrastThreshold: Float

    /// Creates an extractor.
    ///
    /// - Parameters:
    ///   - maxFeatures: the most keypoints returned (400 by default).
    ///   - workingSize: the long side detection works at (384 by default); smaller rasters
    ///     are enlarged up to 2×.
    ///   - contrastThreshold: the least blob contrast kept (0.004 by default: low enough
    ///     that smooth gradients and flat artwork still get keypoints).
    public init(maxFeatures: Int = 400, workingSize: Int = 384, contrastThreshold: Float = 0.004) {
        self.maxFeatures = maxFeatures
        self.workingSize = workingSize
        self.contrastThreshold = contrastThreshold
    }

    /// The features of `raster`, strongest first, in the raster's pixel coordinates.
    public func extract(_ raster: Raster) -> LocalFeatures {
        extract(raster, maxEnlargement: 2)
    }

    /// The features of each of `regions` of `raster` described on its own, enlarged up to 2×
    /// to the working size, with positions in `raster`'s pixels: to follow the whole image's.
    ///
    /// A pasted region described with the whole image gets few keypoints, at scales finer
    /// than the reference's; described alone it gets its share (see ``RegionProposer``): a
    /// quarter of ``maxFeatures`` each, enlarged up to 2×: fewer cost recall of partial
    /// copies, and more, or a larger enlargement, found no more at a higher cost.
    public func describe(regions: [PixelRect], of raster: Raster) -> LocalFeatures {
        var features = LocalFeatures(width: raster.width, height: raster.height, keypoints: [], descriptors: [])
        var regional = self
        regional.maxFeatures = maxFeatures / 4
        for rect in regions {
            let part = regional.extract(raster.cropped(to: rect), maxEnlargement: 2)
            features.keypoints += part.keypoints.map { point in
                var moved = point
                moved.x += Float(rect.x)
                moved.y += Float(rect.y)
                return moved
            }
            features.descriptors += part.descriptors
        }
        return features
    }

    private func extract(_ raster: Raster, maxEnlargement: Float) -> LocalFeatures {
        guard raster.width >= 8, raster.height >= 8, maxFeatures > 0 else {
            return LocalFeatures(width: raster.width, height: raster.height, keypoints: [], descriptors: [])
        }
        let image = WorkingImage(raster, workingSize: workingSize, maxEnlargement: maxEnlargement)
        let space = ScaleSpace(image: image.plane)
        let found = ExtremumDetector(contrastThreshold: contrastThreshold).detect(in: space)
        let chosen = Self.spread(found, count: maxFeatures, width: image.plane.width, height: image.plane.height)
        let pixelScale = 2 / (image.scaleX + image.scaleY)
        var described: [(point: Keypoint, descriptor: [UInt8])] = []
        described.reserveCapacity(chosen.count + chosen.count / 4)
        var descriptor = [UInt8](repeating: 0, count: SIFTDescriptor.length)
        // Points with two directions make more descriptors than points: stop at the most kept.
        describing: for candidate in chosen {
            let field = space.gradients(octave: candidate.octave, layer: candidate.layer)
            let sigma = space.sigma(layer: candidate.refinedLayer)
            let x = Int(candidate.x.rounded()), y = Int(candidate.y.rounded())
            let step = Float(1 << candidate.octave)
            let position = image.rasterPoint(x: candidate.x * step, y: candidate.y * step)
            for angle in OrientationHistogram.dominantDirections(in: field, x: x, y: y, sigma: sigma) {
                guard described.count < maxFeatures else { break describing }
                descriptor.withUnsafeMutableBufferPointer { buffer in
                    SIFTDescriptor.compute(in: field, x: x, y: y, sigma: sigma, angle: angle, into: buffer.baseAddress!)
                }
                let point = Keypoint(x: position.x, y: position.y, scale: sigma * step * pixelScale,
                                     angle: angle, response: candidate.response)
                described.append((point, descriptor))
            }
        }
        return LocalFeatures(
            width: raster.width, height: raster.height,
            keypoints: described.map(\.point), descriptors: described.flatMap(\.descriptor))
    }

    /// Up to `count` points, strongest first, after reserving for each cell of a 4×4 grid over
    /// the working image its strongest `count / 32` points.
    static func spread(_ points: [ScaleSpacePoint], count: Int, width: Int, height: Int) -> [ScaleSpacePoint] {
        let sorted = points.sorted { $0.response > $1.response }
        guard sorted.count > count else { return sorted }
        let grid = 4, quota = max(1, count / (2 * grid * grid))
        var perCell = [Int](repeating: 0, count: grid * grid)
        var taken = [Bool](repeating: false, count: sorted.count)
        var chosen = 0
        for (i, point) in sorted.enumerated() {
            let step = Float(1 << point.octave)
            let cx = min(grid - 1, max(0, Int(point.x * step * Float(grid) / Float(width))))
            let cy = min(grid - 1, max(0, Int(point.y * step * Float(grid) / Float(height))))
            if perCell[cy * grid + cx] < quota {
                perCell[cy * grid + cx] += 1
                taken[i] = true
                chosen += 1
            }
        }
        for i in sorted.indices where !taken[i] && chosen < count {
            taken[i] = true
            chosen += 1
        }
        return sorted.indices.filter { taken[$0] }.map { sorted[$0] }
    }
}
