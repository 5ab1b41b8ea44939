import CheckpointTrace

/// restore-latest, retained, commit-after-complete, tolerable-failures: the completed-checkpoint
/// store, restores, commits and the failure counter (CheckpointFailureManager).
struct StoreRules {
    let facts: JobFacts
    /// Completed checkpoints in the store, oldest first.
    var store: [Int] = []
    var storeChangedAt: Int?
    var maxCompletedCheckpoint = 0
    /// Stop-with-savepoint savepoints: synchronous, so their completion is notified and commits.
    var stopSavepoints: Set<Int> = []
    // CheckpointFailureManager.
    var failureCount = 0
    var counted: Set<Int> = []
    var lastSuccessful = 0
    /// Seq of the abort whose count exceeded the limit: a failover must follow in the same step.
    var failoverDue: Int?

    init(facts: JobFacts) { self.facts = facts }

    /// Back to the start of a trace, keeping storage.
    mutating func restart() {
        store.removeAll(keepingCapacity: true)
        storeChangedAt = nil
        maxCompletedCheckpoint = 0
        stopSavepoints.removeAll(keepingCapacity: true)
        failureCount = 0
        counted.removeAll(keepingCapacity: true)
        lastSuccessful = 0
        failoverDue = nil
    }

    mutating func observe(_ e: TraceEvent, into out: inout [Violation]) {
        let failoverWasDue = checkDuties(e.type, reason: e.reason, seq: e.seq, into: &out)
        switch e.type {
        case .checkpointTriggered:
            if let id = e.checkpoint, e.extra?["stop"] == .bool(true) { stopSavepoints.insert(id) }
        case .checkpointCompleted:
            guard let id = e.checkpoint else { return }
            if e.kind == .savepoint && stopSavepoints.contains(id) { maxCompletedCheckpoint = max(maxCompletedCheckpoint, id) }
            if e.kind != .savepoint {
                store.append(id)
                storeChangedAt = e.seq
                maxCompletedCheckpoint = max(maxCompletedCheckpoint, id)
            }
            if id > lastSuccessful { lastSuccessful = id; failureCount = 0; counted = [] }
        case .checkpointDiscarded:
            guard let id = e.checkpoint else { return }
            if let oldest = store.first, oldest != id {
                out.append(Violation(.retained, "checkpoint \(id) was discarded while the older checkpoint \(oldest) stayed in the store (the oldest goes first)", checkpoint: id, seq: e.seq))
            }
            store.removeAll { $0 == id }
        case .restoreStarted:
            restoreStarted(e.checkpoint, seq: e.seq, into: &out)
        case .transactionCommitted:
            guard let id = e.checkpoint else { return }
            committed(id, by: e.task, seq: e.seq, into: &out)
        case .checkpointAborted:
            guard let id = e.checkpoint, let reason = e.reason else { return }
            aborted(id, reason: reason, kind: e.kind, seq: e.seq)
        case .jobFailover:
            failover(reason: e.reason, wasDue: failoverWasDue, seq: e.seq, into: &out)
        default:
            break
        }
    }

    /// commit-after-complete: a sink commits a transaction only once a checkpoint at least as
    /// new as the one it was pre-committed under completed (or a stop-with-savepoint's savepoint,
    /// which Flink notifies like a checkpoint).
    mutating func committed(_ id: Int, by task: String?, seq: Int, into out: inout [Violation]) {
        guard id > maxCompletedCheckpoint else { return }
        out.append(Violation(.commitAfterComplete, "\(task ?? "a sink") committed the transaction pre-committed under checkpoint \(id) before any checkpoint ≥ \(id) completed (latest completed: \(maxCompletedCheckpoint == 0 ? "none" : String(maxCompletedCheckpoint)))", checkpoint: id, seq: seq))
    }

    /// CheckpointFailureManager: a failure whose reason counts (CheckpointFailureReason), newer
    /// than the last success, counts once; past tolerable-failures the job must fail over now.
    mutating func aborted(_ id: Int, reason: String, kind: CheckpointKind?, seq: Int) {
        let counts = CheckpointFailureReason.counts(reason, for: kind ?? .checkpoint)
        guard counts, id > lastSuccessful, counted.insert(id).inserted else { return }
        failureCount += 1
        if failureCount > facts.config.tolerableFailures {
            failureCount = 0
            counted = []
            failoverDue = seq
        }
    }

    /// tolerable-failures: the job fails over for checkpoint failures only when their count
    /// exceeded the limit (`wasDue`: the previous event left that failover due).
    mutating func failover(reason: String?, wasDue: Bool, seq: Int, into out: inout [Violation]) {
        guard reason == "tolerable-failures-exceeded" && !wasDue else { return }
        out.append(Violation(.tolerableFailures, "the job failed over for checkpoint failures although the count (\(failureCount)) did not exceed tolerable-failures (\(facts.config.tolerableFailures))", seq: seq))
    }

    /// restore-latest: a restore takes the latest checkpoint in the store (nil: a fresh start).
    mutating func restoreStarted(_ checkpoint: Int?, seq: Int, into out: inout [Violation]) {
        let expected = store.last
        guard checkpoint != expected else { return }
        let got = checkpoint.map { "checkpoint \($0)" } ?? "a fresh start"
        let want = expected.map { "checkpoint \($0), the latest in the store (\(store.map(String.init).joined(separator: ", ")))" } ?? "a fresh start (the store is empty)"
        out.append(Violation(.restoreLatest, "restored \(got) instead of \(want)", checkpoint: checkpoint, seq: seq))
    }

    /// Whether the previous event left something due (`checkDuties` has work).
    var hasDuties: Bool { failoverDue != nil || storeChangedAt != nil }

    /// What the previous event left due must happen now: a failover right after the abort that
    /// exceeded the failure limit, and discards right after a completion that overfilled the
    /// store. Returns whether a due failover came.
    mutating func checkDuties(_ type: EventType, reason: String?, seq: Int, into out: inout [Violation]) -> Bool {
        var failoverWasDue = false
        if let due = failoverDue {
            switch type {
            case .notifyAbortedSent, .checkpointAborted, .triggerSkipped: break
            case .jobFailover where reason == "tolerable-failures-exceeded": failoverDue = nil; failoverWasDue = true
            default:
                out.append(Violation(.tolerableFailures, "the failure count exceeded tolerable-failures (\(facts.config.tolerableFailures)) at seq \(due) but the job did not fail over in that step", seq: seq))
                failoverDue = nil
            }
        }
        if let changed = storeChangedAt, type != .checkpointDiscarded {
            storeChangedAt = nil
            if store.count > facts.config.retained {
                out.append(Violation(.retained, "the store holds \(store.count) checkpoints (\(store.map(String.init).joined(separator: ", "))) after the completion at seq \(changed); retained is \(facts.config.retained)", checkpoint: store.last, seq: seq))
            }
        }
        return failoverWasDue
    }
}
