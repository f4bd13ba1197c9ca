import PalimpsestCore

/// The kind of plane transform a geometric match was fitted with, from the most constrained.
public enum TransformModel: String, Sendable, Equatable, CaseIterable {
    /// Scale, rotation and translation (4 degrees of freedom), possibly with a mirror.
    case similarity
    /// Any linear map plus translation (6 degrees of freedom): adds aspect change and skew.
    case affine
    /// A projective map (8 degrees of freedom): adds perspective.
    case homography
}
