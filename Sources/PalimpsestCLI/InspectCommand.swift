import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest inspect`: print what image files say about how they were made.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print the provenance metadata of images as JSON.",
        discussion: """
            Walks files and folders (recursively) and prints one JSON object per image: its SHA-256, \
            format and size, and everything its metadata says: generator parameters in PNG text \
            chunks (Automatic1111/Forge, ComfyUI, NovelAI, InvokeAI), EXIF (Software, camera, dates, \
            UserComment), XMP (IPTC digital source type, creator tool), C2PA manifests (claim \
            generator, actions, ingredients; signatures are not validated), other text chunks, and \
            warnings about anything malformed or over a limit. Nothing in the metadata is trusted: \
            it can be forged, and its absence proves nothing. No pixels are decoded.

            Files that fail are reported on standard error (and as an object with `error` and \
            `error_kind`) and the run goes on.

            Exit status: 0 all read, 2 some failed, 1 usage error.
            """
    )

    @Flag(help: "Indent each object over several lines instead of printing JSON Lines.")
    var pretty = false

    @Option(name: .long, help: ArgumentHelp("Refuse files larger than this.", valueName: "megabytes"))
    var maxFileMegabytes: Int = 512

    @Argument(help: ArgumentHelp("Image files or folders.", valueName: "path"))
    var paths: [String]

    func validate() throws {
        if maxFileMegabytes <= 0 { throw ValidationError("--max-file-megabytes must be positive.") }
    }

    func run() throws {
        let (files, unreadable) = InputWalker.expand(paths)
        var failed = 0
        for (path, error) in unreadable {
            failed += 1
            report(InspectRecord(path: path, failure: error), failure: error)
        }
        let limit = maxFileMegabytes * 1024 * 1024
        OrderedParallel.run(files, jobs: OrderedParallel.cores, work: { path -> Result<InspectRecord, DecodeError> in
            Result { () throws(DecodeError) in try InspectRecord(path: path, maxFileBytes: limit) }
        }, emit: { i, result in
            switch result {
            case let .success(record):
                print(line(record))
            case let .failure(error):
                failed += 1
                report(InspectRecord(path: files[i], failure: error), failure: error)
            }
        })
        if failed > 0 { throw ExitCode(2) }
    }

    private func report(_ record: InspectRecord, failure: DecodeError) {
        print(line(record))
        FileHandle.standardError.write(Data("palimpsest: \(record.path): \(failure.message)\n".utf8))
    }

    private func line(_ record: InspectRecord) -> String {
        guard let data = try? JSONCoding.encoder(pretty: pretty).encode(record) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
