import Foundation
import PalimpsestCore
import PalimpsestFingerprint
import PalimpsestMatch
import Testing

/// How signals are recorded in the ledger and reports: every registered hash's distance under
/// `<name>_distance`, read back whatever the hash's name looks like.
@Suite("Signals as JSON")
struct SignalsCodingTests {
    @Test func everyRegisteredHashDistanceIsWrittenUnderItsOwnKey() throws {
        var signals = Signals()
        for (i, name) in PerceptualHashes.names.enumerated() { signals.hashDistances[name] = i + 1 }
        let object = try #require(try JSONSerialization.jsonObject(with: JSONCoding.encoder().encode(signals)) as? [String: Any])
        for (i, name) in PerceptualHashes.names.enumerated() {
            #expect(object[name + "_distance"] as? Int == i + 1, "\(name)")
        }
    }

    @Test func distancesReadBackIncludingNamesWithUnderscores() throws {
        var signals = Signals()
        signals.hashDistances = ["dhash_vertical": 7, "phash": 3]
        signals.pdqDistance = 12
        let decoded = try JSONCoding.decoder.decode(Signals.self, from: JSONCoding.encoder().encode(signals))
        #expect(decoded == signals)
        #expect(decoded.phashDistance == 3)
    }
}
