import PalimpsestCore

/// Where the service listens and the limits it enforces.
public struct ServerOptions: Sendable {
    /// The address to bind (loopback unless told otherwise).
    public var host = "127.0.0.1"
    /// The port to bind; 0 picks a free one.
    public var port = 8080
    /// The largest request body accepted, in bytes (larger ones get 413).
    public var maxBodyBytes = 32 * 1024 * 1024
    /// The longest a request may take, reading its body included (longer ones get 503).
    public var requestTimeout: Duration = .seconds(30)
    /// How often the served corpora's membership is polled for changes.
    public var refreshInterval: Duration = .seconds(5)
    /// The largest `top` a check may ask for.
    public var maxTop = 100

    /// The defaults.
    public init() {}
}
