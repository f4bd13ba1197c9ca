import PalimpsestCore

/// The axis-aligned box around a set of points, in pixels.
///
/// ```swift
/// let box = InlierBounds(points: [SIMD2(10, 20), SIMD2(50, 80)])
/// print(box.width, box.height)  // 40 60
/// ```
public struct InlierBounds: Sendable, Equatable {
    /// Smallest column.
    public var minX: Float
    /// Smallest row.
    public var minY: Float
    /// Largest column.
    public var maxX: Float
    /// Largest row.
    public var maxY: Float

    /// Creates a box from its edges.
    public init(minX: Float, minY: Float, maxX: Float, maxY: Float) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// The box around `points`; all zero when there are none.
    public init(points: [SIMD2<Float>]) {
        guard let first = points.first else {
            self.init(minX: 0, minY: 0, maxX: 0, maxY: 0)
            return
        }
        var low = first, high = first
        for p in points.dropFirst() {
            low = pointwiseMin(low, p)
            high = pointwiseMax(high, p)
        }
        self.init(minX: low.x, minY: low.y, maxX: high.x, maxY: high.y)
    }

    /// `maxX - minX`.
    public var width: Float { maxX - minX }
    /// `maxY - minY`.
    public var height: Float { maxY - minY }
    /// `width * height`.
    public var area: Float { width * height }
}
