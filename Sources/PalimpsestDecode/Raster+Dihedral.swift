public import PalimpsestCore

extension Raster {
    /// The raster transformed by one of the eight symmetries of a rectangle.
    ///
    /// Semantics follow ``PalimpsestCore/Dihedral``: `.rotate90` turns the image 90°
    /// counter-clockwise, `.flipX` mirrors it left to right, `.flipPlus1` transposes it. The four
    /// transforms whose ``PalimpsestCore/Dihedral/swapsAxes`` is true swap width and height.
    ///
    /// ```swift
    /// let wide = Raster(width: 2, height: 1, bytes: [255, 0, 0, 0, 0, 255])  // red, blue
    /// let tall = wide.transformed(by: .rotate90)  // 1 × 2: blue on top, red below
    /// ```
    ///
    /// - Parameter transform: The symmetry to apply.
    /// - Returns: A new raster; `self` when `transform` is `.original`.
    public func transformed(by transform: Dihedral) -> Raster {
        if transform == .original || pixelCount == 0 { return self }
        let out = [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, initialized in
            bytes.withUnsafeBufferPointer { source in
                DihedralCopy.copy(
                    band: source.baseAddress!, rows: 0 ..< height, width: width, height: height,
                    transform: transform, into: buffer.baseAddress!)
            }
            initialized = bytes.count
        }
        return Raster(
            width: transform.swapsAxes ? height : width, height: transform.swapsAxes ? width : height, bytes: out)
    }
}
