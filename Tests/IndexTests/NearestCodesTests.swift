import Foundation
import PalimpsestCore
import CPalimpsestKernels
import PalimpsestFingerprint
@testable import PalimpsestIndex
import PalimpsestTestSupport
import Testing

@Suite("Nearest stored codes")
struct NearestCodesTests {
    /// What a linear scan of every stored code, in stored order, finds for one query code among
    /// the codes closer than `cutoff`.
    static func scanned(_ index: LocalFeatureIndex, _ code: SIMD2<UInt64>, cutoff: Int) -> LocalFeatureIndex.Nearest {
        var s = LocalFeatureIndex.Nearest()
        let words = index.storedWords
        for i in 0 ..< index.codeCount {
            let d = (words[2 * i] ^ code.x).nonzeroBitCount + (words[2 * i + 1] ^ code.y).nonzeroBitCount
            guard d < cutoff, d < s.otherDistance else { continue }
            let firstOwner = s.first >= 0 ? index.owners[s.first] : -1
            if d < s.distance {
                if index.owners[i] != firstOwner { s.otherDistance = s.distance }
                (s.distance, s.first) = (d, i)
            } else if index.owners[i] != firstOwner {
                s.otherDistance = d
            }
        }
        return s
    }

    /// The sample references indexed as `listing` says, and the keypoints of an unrelated
    /// picture followed by those of a crop of a reference, with their codes.
    static func sampleSearch(_ listing: LocalFeatureIndex.Listing = .init())
        throws -> (index: LocalFeatureIndex, query: LocalFeatures, codes: [SIMD2<UInt64>]) {
        var index = LocalFeatureIndex(listing: listing)
        for name in Fixtures.sampleReferences { index.add(LocalFeatureExtractor().extract(try RasterTransforms.sample(name))) }
        let reference = try RasterTransforms.sample(Fixtures.sampleReferences[1])
        var query = LocalFeatureExtractor().extract(try RasterTransforms.sample("birds-12.png"))
        let crop = LocalFeatureExtractor().extract(RasterTransforms.cropped(reference, x: 10, y: 10, width: reference.width / 2,
                                                                           height: reference.height / 2))
        query.keypoints += crop.keypoints
        query.descriptors += crop.descriptors
        let codes = query.descriptors.withUnsafeBufferPointer { bytes in
            (0 ..< query.count).map { LocalFeatureIndex.code(bytes.baseAddress! + $0 * LocalFeatures.descriptorLength) }
        }
        return (index, query, codes)
    }

    /// The sample's codes (about 900) in lists of about 8, each query code probing
    /// `1 / probedShare` of them.
    static func listed(probedShare: Int) -> LocalFeatureIndex.Listing {
        var listing = LocalFeatureIndex.Listing()
        listing.minimumCount = 0
        listing.codesPerList = 8
        listing.probedShare = probedShare
        listing.minimumProbes = 1
        return listing
    }

    @Test("compared with every code, each query keypoint's nearest codes are a linear scan's below the cutoff",
          arguments: [38, 64, 129])
    func everyCodeComparedIsALinearScan(_ cutoff: Int) throws {
        // Given the six sample references, fewer codes than need lists, and the keypoints of an
        // unrelated picture and of a crop of a reference
        let (index, query, codes) = try Self.sampleSearch()
        #expect(index.listing.lists(for: index.codeCount).count == 1)
        // When their nearest codes are found
        let found = index.nearestCodes(of: query, cutoff: cutoff)
        // Then every keypoint's are a linear scan's
        let agree = codes.indices.allSatisfy { k in
            let expected = Self.scanned(index, codes[k], cutoff: cutoff)
            return found[k].first == expected.first && found[k].distance == expected.distance
                && found[k].otherDistance == expected.otherDistance
        }
        #expect(found.contains { $0.first >= 0 })
        #expect(agree)
    }

    @Test("probing every inverted list finds what a linear scan finds", arguments: [38, 129])
    func probingEveryListIsALinearScan(_ cutoff: Int) throws {
        // Given the sample references in lists of about 8 codes, every list probed
        let (index, query, codes) = try Self.sampleSearch(Self.listed(probedShare: 1))
        #expect(index.listing.lists(for: index.codeCount).count > 100)
        // When the keypoints' nearest codes are found list by list
        let found = index.nearestCodes(of: query, cutoff: cutoff)
        // Then each keypoint's distances are a linear scan's, and so is its nearest code where
        // it can vote (a tie between two references' codes is found in list order)
        let agree = codes.indices.allSatisfy { k in
            let expected = Self.scanned(index, codes[k], cutoff: cutoff)
            return found[k].distance == expected.distance && found[k].otherDistance == expected.otherDistance
                && (expected.distance == expected.otherDistance || found[k].first == expected.first)
        }
        #expect(agree)
    }

    @Test("comparing four codes at once finds what comparing one at a time finds", arguments: [1, 4])
    func fourAtOnceFindsWhatOneAtATimeFinds(_ probedShare: Int) throws {
        // Given the sample references in lists of about 8 codes (odd lengths leave codes after
        // the last four), every list or a quarter of them probed
        let (index, query, _) = try Self.sampleSearch(Self.listed(probedShare: probedShare))
        for cutoff in [38, 129] {
            // When the keypoints' nearest codes are found both ways (the same way, on a
            // processor without AVX-512 VPOPCNTDQ)
            let fastest = index.nearestCodes(of: query, cutoff: cutoff, compare: PAL_COMPARE_FASTEST)
            let oneAtATime = index.nearestCodes(of: query, cutoff: cutoff, compare: PAL_COMPARE_ONE_AT_A_TIME)
            // Then they are the same codes at the same distances
            let same = fastest.elementsEqual(oneAtATime) {
                ($0.first, $0.distance, $0.otherDistance) == ($1.first, $1.distance, $1.otherDistance)
            }
            #expect(fastest.contains { $0.first >= 0 })
            #expect(same, "cutoff \(cutoff), four at once: \(pal_lists_compare_four_at_once() == 1)")
        }
    }

    @Test("the inverted lists keep nearly every nearest code close enough to vote")
    func listsKeepTheNearestCodesThatVote() throws {
        // Given the sample references in lists of about 8 codes, a quarter of them probed
        let (index, query, codes) = try Self.sampleSearch(Self.listed(probedShare: 4))
        // When the keypoints' nearest codes are found in the lists
        let (kept, voting) = Self.keptVotingCodes(index, query, codes)
        // Then of the keypoints whose nearest code (by a linear scan) is within 32 bits, the
        // distance a vote may have, at least 90% find it (the development benchmark, with more
        // lists probed, loses far fewer: see LocalFeatureIndex)
        #expect(voting >= 100)
        #expect(Double(kept) >= 0.9 * Double(voting), "kept \(kept) of \(voting)")
    }

    /// Of the query keypoints whose nearest code (by a linear scan) is within 32 bits, the
    /// distance a vote may have, how many find that code at that distance through the lists.
    static func keptVotingCodes(_ index: LocalFeatureIndex, _ query: LocalFeatures, _ codes: [SIMD2<UInt64>]) -> (kept: Int, voting: Int) {
        let found = index.nearestCodes(of: query, cutoff: 38)
        let exact = codes.map { scanned(index, $0, cutoff: 38) }
        let voting = exact.indices.filter { exact[$0].distance <= 32 }
        return (voting.filter { found[$0].first == exact[$0].first && found[$0].distance == exact[$0].distance }.count, voting.count)
    }

    @Test("codes are listed from 10,000 on, about 96 to a list, a sixteenth and at least 48 probed up to 4,096 lists")
    func listingFollowsTheCodeCount() {
        let listing = LocalFeatureIndex.Listing()
        #expect(listing.lists(for: 9_999) == (1, 1, 0))
        #expect(listing.lists(for: 10_000) == (104, 48, 0))
        #expect(listing.lists(for: 87_000) == (906, 56, 0))
        #expect(listing.lists(for: 393_216) == (4_096, 256, 0))
    }

    @Test("beyond 4,096 lists, the lists grow with the codes, grouped under the square root of their number, 64 probed")
    func listsBeyondFlatAreGroupedWithAFixedProbeBudget() {
        let listing = LocalFeatureIndex.Listing()
        #expect(listing.lists(for: 393_312) == (4_097, 64, 64))
        #expect(listing.lists(for: 10_000_000) == (104_166, 64, 323))
        #expect(listing.lists(for: 1_000_000_000) == (4_194_304, 64, 2_048))
    }

    /// The sample's codes (about 900) in lists of about 8, grouped beyond 8 lists, each query
    /// code choosing its lists from its `groupProbes` nearest groups; every such list probed
    /// when `everyList`, else the nearest quarter of all lists.
    static func grouped(groupProbes: Int, everyList: Bool) -> LocalFeatureIndex.Listing {
        var listing = listed(probedShare: 1)
        listing.flatLists = 8
        listing.groupedProbes = everyList ? .max / 2 : 28
        listing.groupProbes = groupProbes
        return listing
    }

    @Test("probing every list of every group finds what a linear scan finds")
    func probingEveryGroupedListIsALinearScan() throws {
        // Given the sample references in grouped lists of about 8 codes, every group and list probed
        let (index, query, codes) = try Self.sampleSearch(Self.grouped(groupProbes: 1_000, everyList: true))
        #expect(index.listing.lists(for: index.codeCount).groups > 5)
        // When the keypoints' nearest codes are found list by list
        let found = index.nearestCodes(of: query, cutoff: 38)
        // Then each keypoint's distances are a linear scan's
        let agree = codes.indices.allSatisfy { k in
            let expected = Self.scanned(index, codes[k], cutoff: 38)
            return found[k].distance == expected.distance && found[k].otherDistance == expected.otherDistance
                && (expected.distance == expected.otherDistance || found[k].first == expected.first)
        }
        #expect(found.contains { $0.first >= 0 })
        #expect(agree)
    }

    @Test("grouped lists, probed through their 5 nearest groups of 10, keep nearly every nearest code close enough to vote")
    func groupedListsKeepTheNearestCodesThatVote() throws {
        // Given the sample references in grouped lists of about 8 codes, each query code
        // probing a quarter of the lists, chosen from its 5 nearest groups (of 10)
        let (index, query, codes) = try Self.sampleSearch(Self.grouped(groupProbes: 5, everyList: false))
        let (lists, probes, groups) = index.listing.lists(for: index.codeCount)
        #expect(groups > 5 && probes == 28 && lists > 100)
        // When the keypoints' nearest codes are found
        let (kept, voting) = Self.keptVotingCodes(index, query, codes)
        // Then of the keypoints whose nearest code is within 32 bits, at least 90% find it
        #expect(voting >= 100)
        #expect(Double(kept) >= 0.9 * Double(voting), "kept \(kept) of \(voting)")
    }

    @Test("a listing recorded before lists were grouped never groups them")
    func listingRecordedBeforeGroupingIsFlat() throws {
        let recorded = #"{"minimum_count":10000,"codes_per_list":96,"maximum_lists":4096,"probed_share":16,"minimum_probes":48}"#
        let listing = try JSONCoding.decoder.decode(LocalFeatureIndex.Listing.self, from: Data(recorded.utf8))
        #expect(listing.lists(for: 10_000_000) == (4_096, 256, 0))
    }

    @Test("the search cutoff is the least distance at which a stored code can change no vote")
    func cutoffIsTheLeastDistanceThatChangesNoVote() {
        // A vote needs its nearest code within maxDistance and below ratio × the other
        // reference's nearest: a code at the cutoff fails the first and never blocks the second.
        for (ratio, maxDistance) in [(Float(0.85), 32), (1, 32), (0.5, 20), (0.85, 0)] {
            let cutoff = LocalFeatureIndex.cutoff(ratio: ratio, maxDistance: maxDistance)
            #expect(cutoff > maxDistance)
            #expect(ratio * Float(cutoff) > Float(maxDistance))
            #expect(cutoff - 1 <= maxDistance || ratio * Float(cutoff - 1) <= Float(maxDistance))
        }
        #expect(LocalFeatureIndex.cutoff(ratio: 0.85, maxDistance: 32) == 38)
    }
}
