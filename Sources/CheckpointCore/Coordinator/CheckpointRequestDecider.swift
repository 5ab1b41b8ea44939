// Mirrors Flink 2.3's CheckpointRequestDecider
// (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointRequestDecider.java):
// the queue of trigger requests (CheckpointTriggerRequest), which one may start, the min-pause
// drop, max-concurrent, forced savepoints, and the cap of 1,000 queued requests.
import CheckpointTrace

/// Whether a trigger request may start now (CheckpointRequestDecider's rules).
/// The queue itself is `TriggerRequestQueue`; these are the two rules a request must pass, which
/// the simulator applies and `ckpt conform` checks on real histories.
public enum CheckpointRequestDecider {
    /// CheckpointRequestDecider.chooseRequestToExecute: a request starts only while fewer than
    /// max-concurrent checkpoints (savepoints included) are pending, unless it is forced
    /// (savepoints are, but in unaligned mode).
    public static func mayStart(pending: Int, maxConcurrent: Int, forced: Bool) -> Bool {
        forced || pending < maxConcurrent
    }

    /// CheckpointRequestDecider's min-pause check (nextTriggerDelayMillis): a periodic request
    /// taken sooner than min-pause after the last completion is dropped. Manual requests,
    /// savepoints and the final checkpoint do not wait.
    public static func tooSoon(periodic: Bool, forced: Bool, lastCompletion: Int?, now: Int, minPause: Int) -> Bool {
        guard periodic, !forced, let last = lastCompletion else { return false }
        let (gap, overflow) = now.subtractingReportingOverflow(last)
        return !overflow && gap < minPause
    }

    /// Savepoints are forced past max-concurrent and min-pause, but in unaligned mode.
    public static func isForced(kind: CheckpointKind, unaligned: Bool) -> Bool { kind == .savepoint && !unaligned }
}

/// A request to start a checkpoint or savepoint, waiting in the trigger queue
/// (CheckpointCoordinator.CheckpointTriggerRequest).
public struct TriggerRequest: Sendable, Equatable {
    public var kind: CheckpointKind
    public var isPeriodic: Bool
    public var isFinal: Bool
    /// Forced requests start even when max-concurrent checkpoints are pending (savepoints, unless unaligned).
    public var isForced: Bool
    /// A stop-with-savepoint's savepoint (Flink's synchronous "Suspend Savepoint").
    public var isStop = false
    public var time: Int
    public var order: Int

    var requestName: String { isPeriodic ? "periodic" : "manual" }
}

/// The queue of trigger requests, ordered savepoints first, then manual, then periodic, each by time
/// (CheckpointRequestDecider's queuedRequests and its comparator).
public struct TriggerRequestQueue: Sendable {
    /// CheckpointRequestDecider's maxQueuedRequests.
    public static let maxQueued = 1_000
    public private(set) var requests: [TriggerRequest] = []

    public init() {}

    public var isEmpty: Bool { requests.isEmpty }
    public var count: Int { requests.count }
    public var first: TriggerRequest? { requests.first }
    public var last: TriggerRequest? { requests.last }

    static func rank(_ r: TriggerRequest) -> Int { r.kind == .savepoint ? 0 : (r.isPeriodic ? 2 : 1) }

    public mutating func insert(_ r: TriggerRequest) {
        let key = (TriggerRequestQueue.rank(r), r.time, r.order)
        let i = requests.firstIndex { (TriggerRequestQueue.rank($0), $0.time, $0.order) > key } ?? requests.count
        requests.insert(r, at: i)
    }

    mutating func reset() { requests.removeAll(keepingCapacity: true) }

    public mutating func popFirst() -> TriggerRequest? { requests.isEmpty ? nil : requests.removeFirst() }
    public mutating func popLast() -> TriggerRequest? { requests.popLast() }
    public mutating func removeAll(where predicate: (TriggerRequest) -> Bool) -> [TriggerRequest] {
        let removed = requests.filter(predicate)
        requests.removeAll(where: predicate)
        return removed
    }
    public func contains(order: Int) -> Bool { requests.contains { $0.order == order } }
}

extension Simulator {
    /// CheckpointRequestDecider#chooseRequestToExecute(newRequest): queue the request (dropping the
    /// lowest-priority one beyond 1,000, TOO_MANY_CHECKPOINT_REQUESTS), then start what may start.
    public func requestCheckpoint(kind: CheckpointKind, periodic: Bool, final: Bool, stop: Bool = false) {
        guard !coordinator.jobFinished else { return }
        coordinator.requestOrder += 1
        var request = TriggerRequest(kind: kind, isPeriodic: periodic, isFinal: final,
                                     isForced: CheckpointRequestDecider.isForced(kind: kind, unaligned: mode == .unaligned),
                                     time: now, order: coordinator.requestOrder)
        request.isStop = stop
        if coordinator.queue.count >= TriggerRequestQueue.maxQueued, let last = coordinator.queue.last, !last.isPeriodic {
            refuse(request, reason: .tooManyCheckpointRequests)
            return
        }
        coordinator.queue.insert(request)
        if coordinator.queue.count > TriggerRequestQueue.maxQueued, let dropped = coordinator.queue.popLast() {
            refuse(dropped, reason: .tooManyCheckpointRequests)
        }
        startQueuedRequests()
        if coordinator.queue.contains(order: request.order) {
            emit(.triggerQueued(request))
        }
    }

    /// CheckpointCoordinator#onTriggerFailure for a request that never started: `trigger-skipped`.
    func recordSkipped(_ request: TriggerRequest, reason: CheckpointFailureReason) {
        emit(.triggerSkipped(request, reason: reason))
    }

    /// A request that will not start: `trigger-skipped`. A refused final checkpoint is asked for
    /// again at the next completion, so that a full queue delays the job's end but never stops it.
    func refuse(_ request: TriggerRequest, reason: CheckpointFailureReason) {
        recordSkipped(request, reason: reason)
        if request.isFinal { coordinator.finalRequested = false }
    }

    /// CheckpointCoordinator#executeQueuedRequest: start queued requests while one may start.
    func startQueuedRequests() {
        while !coordinator.jobFinished, let request = chooseRequestToExecute() {
            startCheckpoint(request)
        }
    }

    /// CheckpointRequestDecider#chooseQueuedRequestToExecute: the head starts below max-concurrent
    /// (a forced one always); a periodic head inside the min-pause is dropped
    /// (MINIMUM_TIME_BETWEEN_CHECKPOINTS) and the periodic timer rescheduled to the pause's end.
    func chooseRequestToExecute() -> TriggerRequest? {
        guard let first = coordinator.queue.first else { return nil }
        if !CheckpointRequestDecider.mayStart(pending: coordinator.pending.count, maxConcurrent: config.maxConcurrent, forced: first.isForced) {
            return nil
        }
        if CheckpointRequestDecider.tooSoon(periodic: first.isPeriodic, forced: first.isForced, lastCompletion: coordinator.lastCompletionTime,
                                            now: now, minPause: config.minPause), let last = coordinator.lastCompletionTime {
            _ = coordinator.queue.popFirst()
            recordSkipped(first, reason: .minimumTimeBetweenCheckpoints)
            rescheduleTrigger(at: last + config.minPause)
            return nil
        }
        return coordinator.queue.popFirst()
    }
}
