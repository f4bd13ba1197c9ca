import PalimpsestCore

/// A JUMBF box (ISO/IEC 19566-5): a superbox (`jumb`) with its description (`jumd`: content
/// type UUID and label) and children, or a content box (`cbor`, `json`, …) with its payload's
/// position in the store.
struct JUMBFBox {
    /// The box type, such as `jumb`, `cbor` or `json`.
    var type: String
    /// For a superbox, the label from its description box.
    var label: String?
    /// For a superbox, the first four bytes of its content type UUID as text (`c2pa`, `c2ma`,
    /// `c2cl`, `c2as`, `c2cs`, …).
    var contentType: String?
    /// For a superbox, its boxes after the description.
    var children: [JUMBFBox] = []
    /// For a content box, where its payload lies in the parsed bytes.
    var payload: Range<Int>

    /// The first child superbox whose label satisfies `match`.
    func child(labelled match: (String) -> Bool) -> JUMBFBox? {
        children.first { $0.type == "jumb" && $0.label.map(match) == true }
    }

    /// The first content box of the given type among the children.
    func content(_ type: String) -> JUMBFBox? {
        children.first { $0.type == type }
    }
}
