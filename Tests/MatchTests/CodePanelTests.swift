import Foundation
import Palimpsest
import PalimpsestCore
import PalimpsestMatch
import PalimpsestTestSupport
import Testing

/// The code panel local-feature votes are weighed against, so that a reference's votes depend on
/// the query, the reference and the configuration, not on what else the corpus holds.
@Suite("Local-feature code panel")
struct CodePanelTests {
    @Test("a panel read back from its encoding holds the codes it was made from, directions and scales rounded alike")
    func encodingRoundTrips() throws {
        let features = try ["nasa-01.jpg", "birds-12.png"].map { LocalFeatureExtractor().extract(try RasterTransforms.sample($0)) }
        let panel = try CodePanel(name: "t", extractor: LocalFeatureExtractor.identifier, origin: "test", features: features)
        let read = try CodePanel(name: "t", extractor: LocalFeatureExtractor.identifier, origin: "test", encoded: panel.encoded)

        #expect(read.imageCount == 2)
        #expect(read.codeCount == features.map { min($0.count, 400) }.reduce(0, +))
        #expect(read.digest == panel.digest)
        // Each image finds itself among the panel's images as the one with the most votes
        for (position, image) in features.enumerated() {
            #expect(read.index.search(image, limit: 1).first?.position == position)
        }
    }

    @Test("bytes that are not a panel are refused")
    func malformedBytesAreRefused() {
        #expect(throws: CodePanelError.malformed) {
            try CodePanel(name: "t", extractor: "e", origin: "", encoded: Data("PALCODES1\u{1}\u{0}\u{0}\u{0}\u{5}\u{0}\u{0}\u{0}".utf8))
        }
        #expect(throws: CodePanelError.malformed) {
            try CodePanel(name: "t", extractor: "e", origin: "", encoded: Data("not a panel at all".utf8))
        }
    }

    @Test("the shipped panel holds codes of this build's extractor and is what the default configuration names")
    func shippedPanelIsTheDefault() throws {
        let panel = CodePanels.standard
        #expect(panel.codeCount >= 30_000)
        #expect(panel.extractor == LocalFeatureExtractor.identifier)
        let background = MatchingConfiguration().retrieval.voteBackground
        #expect(background.source == .panel)
        #expect(try background.resolvedPanel()?.digest == panel.digest)
    }

    @Test("a configuration naming a code panel this build lacks, or other codes under its name, is refused")
    func unknownPanelsAreRefused() {
        var configuration = MatchingConfiguration()
        configuration.retrieval.voteBackground = VoteBackground(source: .panel, panel: "nosuch", panelDigest: nil)
        #expect(throws: PanelBackgroundError.self) { try configuration.validate() }
        configuration.retrieval.voteBackground.panel = CodePanels.standard.name
        configuration.retrieval.voteBackground.panelDigest = String(repeating: "0", count: 64)
        #expect(throws: PanelBackgroundError.otherContents("code panel", CodePanels.standard.name)) { try configuration.validate() }
    }

    @Test("a run recorded before code panels existed is read as weighing votes against the corpus")
    func matchingV3RecordsReadAsCorpusVotes() throws {
        var object = try #require(JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(MatchingConfiguration())) as? [String: Any])
        var retrieval = try #require(object["retrieval"] as? [String: Any])
        retrieval["vote_background"] = nil
        var local = try #require(retrieval["local_features"] as? [String: Any])
        local["copied_panel_votes"] = nil
        retrieval["local_features"] = local
        object["retrieval"] = retrieval
        object["version"] = "matching-v3"
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)

        let recorded = try #require(MatchingConfiguration.recorded(json))
        #expect(recorded.retrieval.voteBackground == .corpus)
        #expect(recorded.retrieval.localFeatures == LocalFeatureSearch())
    }
}
