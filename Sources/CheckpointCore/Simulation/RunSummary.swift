import CheckpointTrace

/// What `ckpt run` reports, gathered from the events as they are recorded.
public struct RunSummary: Sendable {
    public var triggered = 0
    public var savepointsTriggered = 0
    public var completed = 0
    public var savepointsCompleted = 0
    public var aborted: [String: Int] = [:]
    public var skipped: [String: Int] = [:]
    /// Each failover: when, why, and the checkpoint restored (nil: a fresh start).
    public var failovers: [(time: Int, reason: String, restored: Int?)] = []
    public var violations: [TraceEvent] = []
    public var failedExpectations: [TraceEvent] = []
    public var transactionsCommitted = 0
    public var finished = false

    public init() {}

    /// Empty again, keeping storage (a restarted run).
    mutating func reset() {
        triggered = 0; savepointsTriggered = 0; completed = 0; savepointsCompleted = 0
        aborted.removeAll(keepingCapacity: true)
        skipped.removeAll(keepingCapacity: true)
        failovers.removeAll(keepingCapacity: true)
        violations.removeAll(keepingCapacity: true)
        failedExpectations.removeAll(keepingCapacity: true)
        transactionsCommitted = 0
        finished = false
    }

    /// The compact events the summary counts, run events all (`observe(_: TraceEvent)` for the
    /// same events as trace events).
    @inline(__always) mutating func observe(_ e: CompactEvent) {
        switch e.type {
        case .checkpointTriggered:
            if e.kind == .savepoint { savepointsTriggered += 1 } else { triggered += 1 }
        case .checkpointAborted: aborted[e.reason ?? "?", default: 0] += 1
        case .transactionCommitted: transactionsCommitted += 1
        case .jobFailover: failovers.append((e.time, e.reason ?? "?", nil))
        case .restoreStarted:
            if !failovers.isEmpty { failovers[failovers.count - 1].restored = e.checkpoint }
        case .jobFinished: finished = true
        default: break
        }
    }

    mutating func observe(_ e: TraceEvent) {
        switch e.type {
        case .checkpointTriggered:
            if e.kind == .savepoint { savepointsTriggered += 1 } else { triggered += 1 }
        case .checkpointCompleted:
            if e.kind == .savepoint { savepointsCompleted += 1 } else { completed += 1 }
        case .checkpointAborted: aborted[e.reason ?? "?", default: 0] += 1
        case .triggerSkipped: skipped[e.reason ?? "?", default: 0] += 1
        case .jobFailover: failovers.append((e.time, e.reason ?? "?", nil))
        case .restoreStarted:
            if !failovers.isEmpty { failovers[failovers.count - 1].restored = e.checkpoint }
        case .invariantViolated: violations.append(e)
        case .expectationFailed: failedExpectations.append(e)
        case .transactionCommitted: transactionsCommitted += 1
        case .jobFinished: finished = true
        default: break
        }
    }
}
