import PalimpsestCore

extension Dihedral {
    /// The transform taking pixel coordinates of a `width`×`height` image to the coordinates of
    /// the same image after this symmetry (rotate90 is counter-clockwise).
    public func homography(width: Int, height: Int) -> Homography {
        let w = Double(width), h = Double(height)
        switch self {
        case .original: return .identity
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
