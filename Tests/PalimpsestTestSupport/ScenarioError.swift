/// A step of a test scenario that failed before there was anything to check.
public struct ScenarioError: Error, CustomStringConvertible {
    /// What failed.
    public var description: String

    /// Describes a failed step.
    public init(_ description: String) { self.description = description }
}
