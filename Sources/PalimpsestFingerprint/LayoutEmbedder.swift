import Foundation
import PalimpsestCore

/// A global image descriptor built from layout, with no model weights: what survives
/// re-encoding, resizing, colour shifts and image-to-image restyling.
///
/// The image is reduced to a 64×64 grid of area averages (aspect ratio ignored), then three
/// blocks are concatenated, each normalised on its own and weighted:
/// - **luma layout** (64): an 8×8 grid of brightness with its mean removed and contrast
///   normalised, so brightness and contrast changes cancel out;
/// - **chroma layout** (32): a 4×4 grid of the two opponent-colour channels with the global
///   tint removed; its length is kept small for grey images instead of amplifying noise;
/// - **gradient-orientation layout** (128): a 4×4 grid of 8-bin histograms of edge direction
///   on the blurred luma, square-rooted (Hellinger) — silhouettes and composition, not texture.
///
/// The result is L2-normalised (224 floats). Composition, silhouettes and colour layout, which
/// image-to-image generation keeps, dominate; fine texture and line work, which it replaces,
/// are averaged away by the 64×64 reduction.
public struct LayoutEmbedder: Embedder {
    public let identifier = "layout-v1"
    public let dimension = 224

    /// Side of the working grid.
    static let grid = 64

    /// Creates the embedder.
    public init() {}

    public func embed(_ raster: Raster) -> [Float] {
        let n = Self.grid
        let (red, green, blue) = Self.areaAverage(raster, side: n)
        var luma = [Float](repeating: 0, count: n * n)
        var chromaA = [Float](repeating: 0, count: n * n)
        var chromaB = [Float](repeating: 0, count: n * n)
        for i in 0 ..< n * n {
            luma[i] = (red[i] + green[i] + blue[i]) / 3
            chromaA[i] = red[i] - green[i]
            chromaB[i] = (red[i] + green[i]) / 2 - blue[i]
        }
        var vector: [Float] = []
        vector.reserveCapacity(dimension)
        vector += Self.normalised(Self.centred(Self.pool(luma, side: n, cells: 8)))
        let chroma = Self.centred(Self.pool(chromaA, side: n, cells: 4)) + Self.centred(Self.pool(chromaB, side: n, cells: 4))
        vector += Self.normalised(chroma, floor: 40).map { $0 * 0.6 }
        vector += Self.normalised(Self.orientationHistograms(luma, side: n).map { $0.squareRoot() })
        return Self.normalised(vector)
    }

    // MARK: - Steps

    /// Averages the raster into a `side`×`side` grid per channel (0…255 floats). Each source
    /// pixel falls into exactly one cell; a grid finer than the source repeats the nearest pixel.
    static func areaAverage(_ raster: Raster, side: Int) -> ([Float], [Float], [Float]) {
        var sums = [Float](repeating: 0, count: side * side * 3)
        var counts = [Float](repeating: 0, count: side * side)
        let w = raster.width, h = raster.height
        let cellOfColumn = (0 ..< w).map { $0 * side / w }
        var rowSums = [Float](repeating: 0, count: side * 3)
        var rowCounts = [Float](repeating: 0, count: side)
        for x in 0 ..< w { rowCounts[cellOfColumn[x]] += 1 }
        raster.bytes.withUnsafeBufferPointer { px in
            rowSums.withUnsafeMutableBufferPointer { acc in
                cellOfColumn.withUnsafeBufferPointer { cellOf in
                    for y in 0 ..< h {
                        let cy = y * side / h
                        for i in 0 ..< side * 3 { acc[i] = 0 }
                        var i = y * w * 3
                        for x in 0 ..< w {
                            let c = cellOf[x] * 3
                            acc[c] += Float(px[i])
                            acc[c + 1] += Float(px[i + 1])
                            acc[c + 2] += Float(px[i + 2])
                            i += 3
                        }
                        for cx in 0 ..< side {
                            let cell = cy * side + cx
                            sums[cell * 3] += acc[cx * 3]
                            sums[cell * 3 + 1] += acc[cx * 3 + 1]
                            sums[cell * 3 + 2] += acc[cx * 3 + 2]
                            counts[cell] += rowCounts[cx]
                        }
                    }
                }
            }
        }
        var r = [Float](repeating: 0, count: side * side)
        var g = r, b = r
        for cy in 0 ..< side {
            for cx in 0 ..< side {
                let cell = cy * side + cx
                if counts[cell] > 0 {
                    r[cell] = sums[cell * 3] / counts[cell]
                    g[cell] = sums[cell * 3 + 1] / counts[cell]
                    b[cell] = sums[cell * 3 + 2] / counts[cell]
                } else {
                    let p = raster.pixel(x: min(w - 1, cx * w / side), y: min(h - 1, cy * h / side))
                    (r[cell], g[cell], b[cell]) = (Float(p.r), Float(p.g), Float(p.b))
                }
            }
        }
        return (r, g, b)
    }

    /// Means over a `cells`×`cells` partition of a `side`×`side` plane.
    static func pool(_ plane: [Float], side: Int, cells: Int) -> [Float] {
        let step = side / cells
        var out = [Float](repeating: 0, count: cells * cells)
        for y in 0 ..< side {
            for x in 0 ..< side {
                out[(y / step) * cells + x / step] += plane[y * side + x]
            }
        }
        let area = Float(step * step)
        return out.map { $0 / area }
    }

    /// Unsigned gradient-orientation histograms (8 bins over 0…π, soft-assigned, weighted by
    /// magnitude) over a 4×4 grid of cells.
    static func orientationHistograms(_ luma: [Float], side: Int) -> [Float] {
        let cells = 4, bins = 8
        let step = side / cells
        var hist = [Float](repeating: 0, count: cells * cells * bins)
        for y in 1 ..< side - 1 {
            for x in 1 ..< side - 1 {
                let gx = luma[y * side + x + 1] - luma[y * side + x - 1]
                let gy = luma[(y + 1) * side + x] - luma[(y - 1) * side + x]
                let magnitude = (gx * gx + gy * gy).squareRoot()
                guard magnitude > 0 else { continue }
                var angle = Float(atan2(Double(gy), Double(gx)))
                if angle < 0 { angle += .pi }
                let position = angle / .pi * Float(bins) - 0.5
                let lower = Int((position + Float(bins)).roundedDownSmall) % bins
                let upperWeight = position - position.roundedDownSmall
                let base = ((y / step) * cells + x / step) * bins
                hist[base + lower] += magnitude * (1 - upperWeight)
                hist[base + (lower + 1) % bins] += magnitude * upperWeight
            }
        }
        return hist
    }

    /// Subtracts the mean.
    static func centred(_ v: [Float]) -> [Float] {
        let mean = v.reduce(0, +) / Float(max(1, v.count))
        return v.map { $0 - mean }
    }

    /// Scales to unit length; vectors shorter than `floor` are scaled as if they had length
    /// `floor`, so near-empty blocks stay near zero instead of amplifying noise.
    static func normalised(_ v: [Float], floor: Float = 1e-6) -> [Float] {
        let length = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let divisor = max(length, floor)
        return v.map { $0 / divisor }
    }
}
