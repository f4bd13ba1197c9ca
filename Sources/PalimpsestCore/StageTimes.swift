/// How long each stage of processing one image took, in the order the stages ran.
///
/// ```swift
/// var times = StageTimes()
/// let decoded = try times.measure("decode") { try decoder.decode(bytes) }
/// print(times.stages)  // [(name: "decode", duration: 3.1 ms)]
/// ```
public struct StageTimes: Sendable {
    /// Each stage's name and wall-clock duration.
    public private(set) var stages: [(name: String, duration: Duration)] = []

    /// No stages yet.
    public init() {}

    /// Runs `body` and records its duration as stage `name`.
    public mutating func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = ContinuousClock.now
        defer { stages.append((name, ContinuousClock.now - start)) }
        return try body()
    }

    /// Adds the stages of `other` after these.
    public mutating func append(_ other: StageTimes) {
        stages += other.stages
    }
}
