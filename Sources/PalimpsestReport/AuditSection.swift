import PalimpsestCore

/// The `audit` section of an audit run's report: how much of a model's output copies its
/// training data, compared with how close training images sit to each other.
public struct AuditSection: Codable, Sendable, Equatable {
    /// Number of outputs audited (decoded successfully).
    public var outputs: Int
    /// Outputs whose best training match is graded exact, near-duplicate or derivative.
    public var memorized: Int
    /// `memorized` split by grade.
    public var memorizedByGrade: [String: Int]
    /// memorized / outputs.
    public var memorizationRate: Double
    /// The memorized outputs with their best training match, highest score first.
    public var memorizedOutputs: [MemorizedOutput]
    /// Each output's best training-match score.
    public var outputScores: ScoreDistribution
    /// The same for sampled training images against the rest of the training corpora.
    public var trainingBackground: ScoreDistribution
    /// Groups of outputs that are near-duplicates of each other, largest first (size ≥ 2).
    public var clusters: [OutputCluster]
    /// Per prompt, when prompts are known; most outputs first.
    public var prompts: [PromptSummary]

    /// Groups the section's parts.
    public init(outputs: Int, memorized: Int, memorizedByGrade: [String: Int], memorizationRate: Double,
                memorizedOutputs: [MemorizedOutput], outputScores: ScoreDistribution, trainingBackground: ScoreDistribution,
                clusters: [OutputCluster], prompts: [PromptSummary]) {
        self.outputs = outputs
        self.memorized = memorized
        self.memorizedByGrade = memorizedByGrade
        self.memorizationRate = memorizationRate
        self.memorizedOutputs = memorizedOutputs
        self.outputScores = outputScores
        self.trainingBackground = trainingBackground
        self.clusters = clusters
        self.prompts = prompts
    }
}

/// An output that copies a training image.
public struct MemorizedOutput: Codable, Sendable, Equatable {
    /// The output's path and SHA-256.
    public var output: String, outputSha256: String
    /// The training image's path, SHA-256 and corpus.
    public var training: String, trainingSha256: String, corpus: String
    /// The pair's grade and score.
    public var grade: String, score: Double
    /// The finding id in the ledger.
    public var findingId: Int64

    /// Groups a memorized output's facts.
    public init(output: String, outputSha256: String, training: String, trainingSha256: String, corpus: String,
                grade: String, score: Double, findingId: Int64) {
        self.output = output
        self.outputSha256 = outputSha256
        self.training = training
        self.trainingSha256 = trainingSha256
        self.corpus = corpus
        self.grade = grade
        self.score = score
        self.findingId = findingId
    }
}

/// A group of near-identical outputs.
public struct OutputCluster: Codable, Sendable, Equatable {
    /// Number of outputs.
    public var size: Int
    /// Their paths.
    public var outputs: [String]
    /// The prompt they share, when all have the same known prompt.
    public var prompt: String?

    /// Groups a cluster's facts.
    public init(size: Int, outputs: [String], prompt: String?) {
        self.size = size
        self.outputs = outputs
        self.prompt = prompt
    }
}

/// What happened for one prompt.
public struct PromptSummary: Codable, Sendable, Equatable {
    /// The prompt text.
    public var prompt: String
    /// Outputs generated from it.
    public var outputs: Int
    /// Of those, memorized.
    public var memorized: Int
    /// Size of the largest near-duplicate cluster among them (1 when none).
    public var largestCluster: Int

    /// Groups a prompt's counts.
    public init(prompt: String, outputs: Int, memorized: Int, largestCluster: Int) {
        self.prompt = prompt
        self.outputs = outputs
        self.memorized = memorized
        self.largestCluster = largestCluster
    }
}

/// Summary statistics of a set of scores in [0, 1].
public struct ScoreDistribution: Codable, Sendable, Equatable {
    /// How many scores.
    public var count: Int
    /// Their mean.
    public var mean: Double
    /// Percentiles 50, 75, 90, 95, 99 (nearest rank).
    public var p50: Double, p75: Double, p90: Double, p95: Double, p99: Double
    /// Counts in 20 equal bins over [0, 1].
    public var histogram: [Int]

    /// Summarises `scores`.
    public init(_ scores: [Double]) {
        let sorted = scores.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
            return sorted[min(sorted.count - 1, max(0, rank))]
        }
        count = sorted.count
        mean = sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count)
        p50 = percentile(50)
        p75 = percentile(75)
        p90 = percentile(90)
        p95 = percentile(95)
        p99 = percentile(99)
        var bins = [Int](repeating: 0, count: 20)
        for s in sorted { bins[min(19, max(0, Int(s * 20)))] += 1 }
        histogram = bins
    }
}
