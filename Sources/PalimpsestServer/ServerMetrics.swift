import Metrics
import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport
import Prometheus

/// The service's metrics, in its own Prometheus registry (so that several servers in one
/// process, as in tests, keep separate counts), recorded through swift-metrics.
///
/// | metric | labels | what |
/// |---|---|---|
/// | `palimpsest_http_requests_total` | route, method, status | requests answered |
/// | `palimpsest_http_request_duration_seconds` | route, method | latency histogram |
/// | `palimpsest_matches_total` | grade | checks answered, by the finding's grade |
/// | `palimpsest_errors_total` | code | error responses, by ``APIError/code`` |
/// | `palimpsest_check_stage_duration_seconds` | stage | time per stage of a check (decode, fingerprint, local-features, metadata, match, store-upload, ledger, report) |
/// | `palimpsest_references` | | reference images loaded |
/// | `palimpsest_reference_reloads_total` | outcome | reloads after a corpus changed (`ok`, `failed`) |
public final class ServerMetrics: Sendable {
    /// The registry the metrics are kept in.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Latency buckets: fine below 100 ms, where the service should answer.
    static let latencyBuckets: [Duration] = [5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 150, 200, 300, 500, 1000, 2500, 5000, 10000]
        .map { .milliseconds($0) }
    /// Stage buckets: most stages take a few milliseconds.
    static let stageBuckets: [Duration] = [0.25, 0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 250, 1000]
        .map { .microseconds(Int64($0 * 1000)) }

    /// Creates empty metrics.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            "palimpsest_http_request_duration_seconds": Self.latencyBuckets,
            "palimpsest_check_stage_duration_seconds": Self.stageBuckets,
        ]
        self.factory = factory
    }

    /// Records an answered request.
    func answered(route: String, method: String, status: Int, duration: Duration) {
        Counter(label: "palimpsest_http_requests_total",
                dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory).increment()
        Metrics.Timer(label: "palimpsest_http_request_duration_seconds", dimensions: [("route", route), ("method", method)],
                      factory: factory).record(duration: duration)
    }

    /// Records an error response.
    func failed(code: String) {
        Counter(label: "palimpsest_errors_total", dimensions: [("code", code)], factory: factory).increment()
    }

    /// Records a check's verdict and how long its stages took.
    func checked(grade: String, times: StageTimes) {
        Counter(label: "palimpsest_matches_total", dimensions: [("grade", grade)], factory: factory).increment()
        for (stage, duration) in times.stages {
            Metrics.Timer(label: "palimpsest_check_stage_duration_seconds", dimensions: [("stage", stage)], factory: factory)
                .record(duration: duration)
        }
    }

    /// Records the references loaded, and whether they came from a reload.
    func loaded(references: Int, reload: Bool) {
        Gauge(label: "palimpsest_references", factory: factory).record(references)
        if reload { reloaded(ok: true) }
    }

    /// Records a reload attempt.
    func reloaded(ok: Bool) {
        Counter(label: "palimpsest_reference_reloads_total", dimensions: [("outcome", ok ? "ok" : "failed")], factory: factory)
            .increment()
    }

    /// The metrics in Prometheus's text format.
    public func exposition() -> [UInt8] {
        registry.emitToBuffer()
    }
}
