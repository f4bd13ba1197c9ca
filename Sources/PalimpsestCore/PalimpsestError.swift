/// The protocol every Palimpsest error conforms to, so that the command line, the ledger and
/// the reports render any failure the same way.
///
/// `kind` is a short stable identifier recorded in the ledger (`truncated`, `corrupt`, …);
/// `message` is a sentence a user can act on.
public protocol PalimpsestError: Error, CustomStringConvertible, Sendable {
    /// A short, stable, machine-readable name for the kind of failure.
    var kind: String { get }
    /// A sentence that says what went wrong and what to do about it.
    var message: String { get }
}

extension PalimpsestError {
    public var description: String { message }
}

/// Returns a `(kind, message)` pair for any error, using `PalimpsestError` when it conforms.
public func describeFailure(_ error: any Error) -> (kind: String, message: String) {
    if let error = error as? any PalimpsestError {
        return (error.kind, error.message)
    }
    return ("internal", String(describing: error))
}
