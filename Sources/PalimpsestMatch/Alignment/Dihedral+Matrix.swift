import PalimpsestCore

extension Dihedral {
    /// The transform taking pixel coordinates of a `width`×`height` image to the coordinates of
    /// the same image after this symmetry (rotate90 is counter-clockwise).
    public func homography(width: Int, height: Int) -> Homography {
        let w = Double(width), h = Double(height)
        switch self {
        case .original: return Homography([1, 0, 0, 0, 1, 0, 0, 0, 1])
        case .rotate90: return Homography([0, 1, 0, -1, 0, w, 0, 0, 1])
        case .rotate180: return Homography([-1, 0, w, 0, -1, h, 0, 0, 1])
        case .rotate270: return Homography([0, -1, h, 1, 0, 0, 0, 0, 1])
        case .flipX: return Homography([-1, 0, w, 0, 1, 0, 0, 0, 1])
        case .flipY: return Homography([1, 0, 0, 0, -1, h, 0, 0, 1])
        case .flipPlus1: return Homography([0, 1, 0, 1, 0, 0, 0, 0, 1])
        case .flipMinus1: return Homography([0, -1, h, -1, 0, w, 0, 0, 1])
        }
    }
}

extension Homography {
    /// `self` applied after `other`: first `other`, then `self`.
    public func composed(after other: Homography) -> Homography {
        let a = m, b = other.m
        var out = [Double](repeating: 0, count: 9)
        for r in 0 ..< 3 {
            for c in 0 ..< 3 {
                out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]
            }
        }
        return Homography(out)
    }
}
