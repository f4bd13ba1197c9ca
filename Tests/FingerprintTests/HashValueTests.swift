import PalimpsestCore
import PalimpsestFingerprint
import Testing

@Suite("Hash values: hex and distance")
struct HashValueTests {
    @Test func bits256HexRoundTrip() throws {
        // Given PDQ's printed form of a hash
        let hex = "1f811b9d267fbc6693c0c7f30e041f9df49b836303e10f067fcdfc12c02d01f9"
        // When parsed and printed again
        let bits = try #require(Bits256(hex: hex))
        // Then nothing changes, and upper case parses to the same value
        #expect(bits.hex == hex)
        #expect(Bits256(hex: hex.uppercased()) == bits)
        #expect(bits.words[0] == 0x1f81_1b9d_267f_bc66)
    }

    @Test func bits256BitNumberingIsBigEndian() throws {
        // Bit 255 is the first hex digit's high bit, bit 0 the last digit's low bit.
        var bits = Bits256.zero
        bits[bit: 255] = true
        bits[bit: 0] = true
        #expect(bits.hex == "8" + String(repeating: "0", count: 62) + "1")
        #expect(bits[bit: 255] && bits[bit: 0] && !bits[bit: 1])
        bits[bit: 255] = false
        #expect(bits.hex == String(repeating: "0", count: 63) + "1")
    }

    @Test(arguments: ["", "abc", String(repeating: "0", count: 63), String(repeating: "g", count: 64),
                      String(repeating: "0", count: 65)])
    func bits256RejectsMalformedHex(_ text: String) {
        #expect(Bits256(hex: text) == nil)
    }

    @Test func bits256Distance() throws {
        let a = try #require(Bits256(hex: String(repeating: "f", count: 64)))
        #expect(a.distance(to: .zero) == 256)
        #expect(a.distance(to: a) == 0)
        var b = a
        b[bit: 7] = false
        b[bit: 200] = false
        #expect(a.distance(to: b) == 2)
        #expect(b.distance(to: a) == 2)
    }

    @Test func hash64HexRoundTripAndDistance() throws {
        // ImageHash prints 16 hex digits, first bit most significant.
        let hash = try #require(Hash64(hex: "ffbfef830303c3c7"))
        #expect(hash.hex == "ffbfef830303c3c7")
        #expect(hash.value >> 63 == 1)
        #expect(Hash64(0x0f).hex == "000000000000000f")
        #expect(Hash64(hex: "ffbfef830303c3c") == nil)
        #expect(Hash64(hex: "ffbfef830303c3c7").map { $0.distance(to: Hash64(0)) } == 38)
        #expect(Hash64(0).distance(to: Hash64(UInt64.max)) == 64)
    }

    @Test func colorHashHexAndBins() throws {
        // ImageHash prints the 42-bit colour hash as 11 hex digits.
        let hash = try #require(ColorHash(hex: "07e00008000"))
        #expect(hash.hex == "07e00008000")
        #expect(hash.bins == [0, 7, 7, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])
        #expect(ColorHash(hex: "fffffffffff") == nil, "more than 42 bits")
        #expect(hash.distance(to: hash) == 0)
        #expect(hash.distance(to: ColorHash(0)) == 15)
    }
}
