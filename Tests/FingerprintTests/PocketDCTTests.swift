@testable import PalimpsestFingerprint
import PalimpsestCore
import Testing

@Suite("SciPy's DCT-II, bit for bit")
struct PocketDCTTests {
    @Test func matchesScipyBitForBit() {
        // Given x[n] = (7n² + 3) mod 256, when transformed, then every output has the exact bits
        // `scipy.fftpack.dct(x)` gives (SciPy 1.17).
        let expected: [UInt64] = [
            0x40be_6000_0000_0000, 0xc074_5530_c468_148a, 0xc091_0bb6_9cdd_7a8e, 0xc07e_e152_5e30_ce02,
            0xc08c_2889_2707_82d4, 0xc08e_88c8_05e0_f5a6, 0xc079_f8b7_60be_879c, 0x4079_21b9_f866_57f2,
            0xc091_efb7_8da0_be87, 0xc061_589f_e588_cf4c, 0x4097_9ff5_3a8c_4891, 0x4075_560b_5984_ebb8,
            0xc083_1e68_3eb9_6365, 0xc04a_8026_090c_7308, 0x4085_bae2_7f59_2898, 0xc085_93fd_8bff_6467,
            0x4073_cc8a_99af_5452, 0xc084_efad_4a5f_43a5, 0xc060_d5cd_c7c4_8052, 0x4089_e10d_f92d_95f4,
            0xc089_62a3_0277_c17f, 0x408a_0ed5_5fc2_6f7e, 0xc056_8d30_44bc_3c70, 0x4061_8062_8491_f936,
            0xc079_636f_ac09_1778, 0x4081_00f3_bd20_9b76, 0xc061_be2e_92c0_9378, 0xc08d_91e4_8bb5_6824,
            0xc078_6d3f_e759_7e27, 0x4086_d719_1a5a_d58f, 0x4077_ec49_7a41_3dde, 0x408a_31b8_87d7_e6cb,
        ]
        var x = (0 ..< 32).map { Double(($0 * $0 * 7 + 3) % 256) }
        x.withUnsafeMutableBufferPointer { PocketDCT.transform($0.baseAddress!) }
        #expect(x.map(\.bitPattern) == expected)
    }

    @Test func constantInputHasExactlyZeroFrequencies() {
        var x = [Double](repeating: 200, count: 32)
        x.withUnsafeMutableBufferPointer { PocketDCT.transform($0.baseAddress!) }
        #expect(x[0] == 12800)
        #expect(x.dropFirst().allSatisfy { $0 == 0 })
    }
}
