import PalimpsestCore
import ArgumentParser
import Foundation
import Palimpsest

/// `palimpsest hash`: print fingerprints.
struct HashCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash",
        abstract: "Print the perceptual hashes of images.",
        discussion: """
            Walks files and folders (recursively) and prints one line per image: `pdq,quality,path` \
            like Meta's reference tool, or with --json one JSON object per line holding every \
            fingerprint (PDQ with its 8 dihedral hashes, ImageHash's ahash, dhash, phash, whash and \
            colorhash, SHA-256). Files that fail are reported on standard error and the run goes on.

            Exit status: 0 all hashed, 2 some failed, 1 usage error.
            """
    )

    @Flag(help: "Print JSON Lines with every fingerprint instead of `pdq,quality,path`.")
    var json = false

    @Flag(help: ArgumentHelp(
        "Decode at full resolution (no DCT scaling) for hashes that match reference tools bit for bit.",
        discussion: "Slower on large JPEGs; the default scaled decoding stays within a few bits."))
    var pixelsExact = false

    @OptionGroup var decoding: DecodingOptions

    @Argument(help: ArgumentHelp("Image files or folders.", valueName: "path"))
    var paths: [String]

    func run() throws {
        let analyzer = decoding.analyzer(pixelsExact: pixelsExact, forMatching: false)
        let (files, unreadable) = InputWalker.expand(paths)
        var failed = unreadable.count
        for (path, error) in unreadable { report(HashRecord(path: path, failure: error), failure: error) }
        OrderedParallel.run(files, jobs: decoding.threadCount, work: { path -> Result<AnalyzedImage, DecodeError> in
            Result { () throws(DecodeError) in try analyzer.analyze(path: path) }
        }, emit: { i, result in
            switch result {
            case let .success(image):
                if json {
                    print(Self.jsonLine(HashRecord(image)))
                } else {
                    let f = image.facts.fingerprints
                    print("\(f.pdq.hash.hex),\(f.pdq.quality),\(image.path)")
                }
            case let .failure(error):
                failed += 1
                report(HashRecord(path: files[i], failure: error), failure: error)
            }
        })
        if failed > 0 { throw ExitCode(2) }
    }

    private func report(_ record: HashRecord, failure: DecodeError) {
        if json { print(Self.jsonLine(record)) }
        FileHandle.standardError.write(Data("palimpsest: \(record.path): \(failure.message)\n".utf8))
    }

    private static func jsonLine(_ record: HashRecord) -> String {
        (try? JSONCoding.string(record)) ?? "{}"
    }
}
