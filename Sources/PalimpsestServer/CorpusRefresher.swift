import Dispatch
import Logging
import PalimpsestCore
import PalimpsestDecode
import PalimpsestJobs
import PalimpsestSearch
import PalimpsestLedger
import PalimpsestMatch
import PalimpsestReport
import ServiceLifecycle

/// Polls the served corpora's membership and reloads the references when it changed
/// (``CheckService/refreshIfChanged()``). Reloading runs on a thread of its own, so checks
/// keep being answered with the previous references until the new ones are swapped in.
struct CorpusRefresher: Service {
    let service: CheckService
    let interval: Duration
    let metrics: ServerMetrics
    let logger: Logger
    private static let queue = DispatchQueue(label: "palimpsest.corpus-refresh")

    func run() async throws {
        let service = self.service
        await Periodically(interval: interval, queue: Self.queue).run({ try service.refreshIfChanged() }) { [self] outcome in
            report(outcome)
        }
    }

    /// What one poll found.
    private func report(_ outcome: Result<ServedCorpora?, any Error>) {
        switch outcome {
        case let .success(fresh?):
            metrics.loaded(references: fresh.referenceCount, reload: true)
            logger.info("Corpora changed (\(fresh.revision)): \(fresh.referenceCount) references loaded.")
        case .success(nil):
            break
        case let .failure(error):
            metrics.reloaded(ok: false)
            logger.error("Cannot reload the corpora, still serving those loaded at \(service.corpora.loadedAt): \(describeFailure(error).message)")
        }
    }
}
