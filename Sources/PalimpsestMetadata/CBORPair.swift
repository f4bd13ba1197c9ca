import PalimpsestCore

/// One key–value pair of a CBOR map.
struct CBORPair: Equatable {
    var key: CBORValue
    var value: CBORValue
}
