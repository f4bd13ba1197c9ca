import PalimpsestCore
import Foundation
import PalimpsestTestSupport
import Testing

/// `palimpsest inspect` and the metadata summary of `palimpsest hash --json`, run as a user would.
@Suite("inspect command")
struct InspectCommandTests {
    let cli: CommandRunner

    init() throws { cli = try CommandRunner() }

    private func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    @Test("inspect prints one JSON object per file with each generator's reading")
    func inspectFixtures() throws {
        // Given
        let names = ["a1111-txt2img.png", "a1111.jpg", "comfyui-img2img.png", "novelai.png", "invokeai.png", "xmp-trained.jpg", "c2pa.jpg"]

        // When
        let result = try cli.run(["inspect"] + names.map { Fixtures.url("metadata/\($0)").path })

        // Then
        #expect(result.status == 0)
        let lines = try objects(result.stdout)
        #expect(lines.count == names.count)
        let metadata = lines.map { $0["metadata"] as? [String: Any] ?? [:] }
        #expect(metadata.map { $0["generator"] as? String } == ["Automatic1111", "Automatic1111", "ComfyUI", "NovelAI", "InvokeAI", nil, nil])
        #expect((metadata[2]["image_to_image"] as? [String: Any])?["certainty"] as? String == "confirmed")
        #expect((metadata[5]["xmp"] as? [String: Any])?["digital_source_type_code"] as? String == "trainedAlgorithmicMedia")
        let c2pa = metadata[6]["c2pa"] as? [String: Any]
        let manifest = (c2pa?["manifests"] as? [[String: Any]])?.first
        #expect(manifest?["claim_generator"] as? String == "Example Image Generator/2.1 c2pa-rs/0.49.0")
        #expect(lines[0]["sha256"] as? String != nil)
    }

    @Test("a file that is not an image is reported per file and the exit status is 2")
    func inspectFailure() throws {
        let work = try Synthetic.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let text = work.appendingPathComponent("notes.png")
        try Data("just text".utf8).write(to: text)

        let result = try cli.run(["inspect", text.path, Fixtures.url("metadata/novelai.png").path])

        #expect(result.status == 2)
        let lines = try objects(result.stdout)
        #expect(lines.count == 2)
        #expect(lines.contains { $0["error_kind"] as? String == "unsupported" })
        #expect(result.stderr.contains("notes.png"))
    }

    @Test("hash --json carries the metadata summary")
    func hashSummary() throws {
        let result = try cli.run(["hash", "--json", Fixtures.url("metadata/a1111-img2img.png").path])

        #expect(result.status == 0)
        let summary = try #require(try objects(result.stdout).first?["metadata"] as? [String: Any])
        #expect(summary["generator"] as? String == "Automatic1111")
        #expect(summary["prompt"] as? String == "a lighthouse, watercolor")
        #expect(summary["init_image_hash"] as? String == "5e4b4a12a6e7eb7fd9521b669099161a")
        #expect((summary["image_to_image"] as? String)?.hasPrefix("confirmed:") == true)
    }
}
