import PalimpsestCore
import Foundation

/// Runs the built `palimpsest` executable, as a user would, and captures what it prints.
public struct CommandRunner: Sendable {
    /// What a finished command left behind.
    public struct Result: Sendable {
        /// Exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: String
        /// Standard error.
        public var stderr: String
    }

    /// The executable, found beside the test bundle in the build folder.
    public let executable: URL

    /// Finds the executable built alongside the tests.
    public init() throws {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [beside, beside.deletingLastPathComponent(), Fixtures.repositoryRoot.appendingPathComponent(".build/debug")]
            .map { $0.appendingPathComponent("palimpsest") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
        }
        executable = found
    }

    /// Starts the command without waiting for it.
    public func start(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the command to completion.
    public func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

extension Fixtures {
    /// `Corpora/sample`, the committed sample corpus (see its NOTICE.tsv).
    public static var sample: URL { repositoryRoot.appendingPathComponent("Corpora/sample") }

    /// Six pictures of the sample corpus (photos, a drawing, renders) that tests use as a small
    /// set of references.
    public static let sampleReferences = ["nasa-00.jpg", "nasa-04.jpg", "nasa-07.jpg", "art4apps-22.jpg", "fantasy-21.png", "toys-15.png"]

    /// The path of the file `name` in the sample corpus.
    public static func samplePath(_ name: String) -> String {
        sample.appendingPathComponent("corpus").appendingPathComponent(name).path
    }
}
