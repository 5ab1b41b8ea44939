import CheckpointCore
import CheckpointTrace

/// Trace validation of an observed history (after Cirstea, Kuppe, Loillier and Merz, "Validating
/// Traces of Distributed Programs Against TLA+ Specifications", 2024): the coordinator's state is
/// driven by the observed events, and at each event the core's rules are asked whether they allow
/// it, and whether a decision they force (a failover, an expiry, a subsumption) is overdue.
///
/// The rules are the simulator's own: CheckpointRequestDecider, CheckpointFailureManager,
/// CompletedCheckpointStore, CheckpointSubsumption. Times in a real log are stamped when a line is
/// written, a little after the decision it reports, so comparisons of time allow `tolerance` ms.
struct ObservedCoordinator {
    let config: CheckpointConfig
    let unaligned: Bool
    let tolerance: Int

    struct Pending {
        var id: Int
        var kind: CheckpointKind
        var time: Int
        var seq: Int
    }

    var lastId: Int?
    var pending: [Pending] = []
    var store: CompletedCheckpointStore<Int>
    var failures: CheckpointFailureManager
    var lastCompletion: Int?
    /// The abort whose count exceeded tolerable-failures: a failover must follow.
    var failoverDue: (seq: Int, id: Int)?
    /// Pending checkpoints a completion subsumed, which must be aborted CHECKPOINT_SUBSUMED.
    var subsumptionDue: [Int] = []
    /// Checkpoints aborted as subsumed before the completion that subsumes them was seen (a log
    /// may write the aborts first), which a newer completion must then follow.
    var subsumedAhead: [(id: Int, seq: Int)] = []
    /// A task failed, or the job is failing: pending checkpoints may be aborted CHECKPOINT_COORDINATOR_SUSPEND.
    var failureUnderWay = false
    var suspendedAt: Int?
    var awaitingRestore = false
    /// Checkpoints reported as overdue (once each).
    var overdue: Set<Int> = []
    var finished = false
    private(set) var found: [Divergence] = []

    init(config: CheckpointConfig, mode: String?, tolerance: Int) {
        self.config = config
        unaligned = mode == "unaligned"
        self.tolerance = tolerance
        store = CompletedCheckpointStore(retained: config.retained)
        failures = CheckpointFailureManager(tolerable: config.tolerableFailures)
    }

    mutating func diverge(_ rule: ConformanceRule, _ e: TraceEvent, _ message: String) {
        found.append(Divergence(rule: rule, seq: e.seq, sourceLine: e.extra?["line"]?.intValue, checkpoint: e.checkpoint, message: message))
    }

    /// One observed event.
    mutating func observe(_ e: TraceEvent) {
        decisionsDue(at: e)
        switch e.type {
        case .checkpointTriggered: triggered(e)
        case .checkpointCompleted: completed(e)
        case .checkpointAborted: aborted(e)
        case .taskFailed: failureUnderWay = true
        case .jobFailover: failedOver(e)
        case .restoreStarted: restored(e)
        case .jobFinished: finished = true
        default: break
        }
    }

    /// Decisions the rules force that must have happened by this event.
    mutating func decisionsDue(at e: TraceEvent) {
        // A checkpoint still pending past its timeout should have expired (CheckpointCanceller).
        let ending = e.type == .checkpointAborted || e.type == .checkpointCompleted ? e.checkpoint : nil
        for p in pending where p.id != ending && !overdue.contains(p.id) && e.time > deadline(p) + tolerance {
            diverge(.expiresAtTimeout, e, "checkpoint \(p.id) is still pending at \(e.time) ms, past its timeout (triggered at \(p.time) ms, timeout \(config.timeout) ms): it should have expired")
            overdue.insert(p.id)
        }
        let decisive: Bool
        switch e.type {
        case .checkpointTriggered, .checkpointCompleted, .restoreStarted, .jobFinished: decisive = true
        case .jobFailover: decisive = false
        default: decisive = false
        }
        if decisive, let due = failoverDue {
            diverge(.failoverWhenExceeded, e, "the failure count exceeded tolerable-failures (\(config.tolerableFailures)) when checkpoint \(due.id) failed (seq \(due.seq)), but no failover followed before this \(e.typeName)")
            failoverDue = nil
        }
        if decisive || e.type == .jobFailover {
            for id in subsumptionDue where pending.contains(where: { $0.id == id }) {
                diverge(.subsumesOlder, e, "checkpoint \(id) should have been aborted as subsumed (\(CheckpointFailureReason.checkpointSubsumed.name)) when a newer checkpoint completed; it is still pending at this \(e.typeName)")
                pending.removeAll { $0.id == id }
            }
            subsumptionDue = []
        }
        if decisive, e.type != .checkpointCompleted, let ahead = subsumedAhead.first {
            diverge(.subsumesOlder, e, "checkpoint \(ahead.id) was aborted as subsumed (seq \(ahead.seq)), but no newer checkpoint completed")
            subsumedAhead = []
        }
        if let at = suspendedAt, ![.checkpointAborted, .notifyAbortedSent, .notifyAbortedReceived, .triggerSkipped, .declineReceived,
                                    .declineIgnored, .ackReceived, .ackIgnored].contains(e.type) {
            let stopSavepoint = e.type == .checkpointTriggered && e.extra?["stop"] == .bool(true)
            if ![.jobFailover, .taskFailed, .jobFinished].contains(e.type) && !stopSavepoint {
                diverge(.failoverAbortsPending, e, "a checkpoint was aborted \(CheckpointFailureReason.checkpointCoordinatorSuspend.name) (seq \(at)) without a failure, a stop-with-savepoint or the job's end")
            }
            suspendedAt = nil
        }
    }

    func deadline(_ p: Pending) -> Int {
        let (sum, overflow) = p.time.addingReportingOverflow(config.timeout)
        return overflow ? Int.max - tolerance : sum
    }

    /// A checkpoint starts: its id is new, there is room for it, and a periodic one respects min-pause.
    mutating func triggered(_ e: TraceEvent) {
        guard let id = e.checkpoint else { return }
        let kind = e.kind ?? .checkpoint
        if let last = lastId, id <= last {
            diverge(.idsGrow, e, "checkpoint \(id) was triggered after checkpoint \(last): ids come from one counter that only grows, also across restores")
        }
        lastId = max(lastId ?? id, id)
        let forced = CheckpointRequestDecider.isForced(kind: kind, unaligned: unaligned)
        if !CheckpointRequestDecider.mayStart(pending: pending.count, maxConcurrent: config.maxConcurrent, forced: forced) {
            diverge(.maxConcurrent, e, "checkpoint \(id) started while \(pending.count) were pending (\(pending.map { String($0.id) }.joined(separator: ", "))); max-concurrent is \(config.maxConcurrent)")
        }
        let periodic = e.extra?["request"]?.stringValue == "periodic"
        if CheckpointRequestDecider.tooSoon(periodic: periodic, forced: forced, lastCompletion: lastCompletion, now: e.time + tolerance,
                                            minPause: config.minPause), let last = lastCompletion {
            diverge(.minPause, e, "periodic checkpoint \(id) started \(e.time - last) ms after the last completion (at \(last) ms); min-pause is \(config.minPause) ms")
        }
        pending.append(Pending(id: id, kind: kind, time: e.time, seq: e.seq))
    }

    /// Checkpoint `id` ends at this event: it must be pending (an outcome of a checkpoint never
    /// triggered, or ended already, is a divergence).
    mutating func takePending(_ id: Int, _ e: TraceEvent, _ what: String) -> Pending? {
        guard let i = pending.firstIndex(where: { $0.id == id }) else {
            diverge(.outcomeOfPending, e, "checkpoint \(id) \(what) but was not pending (never triggered, or already ended)")
            return nil
        }
        return pending.remove(at: i)
    }

    /// The last ack arrived: the checkpoint enters the store (not a savepoint), older pending
    /// checkpoints are subsumed, the failure counter resets.
    mutating func completed(_ e: TraceEvent) {
        guard let id = e.checkpoint else { return }
        guard let p = takePending(id, e, "completed") else { return }
        let kind = e.kind ?? p.kind
        if kind == .checkpoint { _ = store.add(id) }
        subsumedAhead.removeAll { CheckpointSubsumption.subsumes(completed: id, completedKind: kind, pending: $0.id, pendingKind: .checkpoint) }
        subsumptionDue += pending.filter { CheckpointSubsumption.subsumes(completed: id, completedKind: kind, pending: $0.id, pendingKind: $0.kind) }.map(\.id)
        failures.handleCheckpointSuccess(checkpoint: id)
        lastCompletion = e.time
    }

    /// A checkpoint is aborted: it was pending, its reason fits what happened, and the failure
    /// manager counts it as Flink counts it.
    mutating func aborted(_ e: TraceEvent) {
        guard let id = e.checkpoint else { return }
        guard let p = takePending(id, e, "was aborted") else { return }
        let reason = e.reason ?? "?"
        switch CheckpointFailureReason(name: reason) {
        case .checkpointExpired? where e.time + tolerance < deadline(p):
            diverge(.expiresAtTimeout, e, "checkpoint \(id) expired \(e.time - p.time) ms after its trigger; the timeout is \(config.timeout) ms")
        case .checkpointSubsumed?:
            if let d = subsumptionDue.firstIndex(of: id) { subsumptionDue.remove(at: d) } else { subsumedAhead.append((id, e.seq)) }
        case .checkpointCoordinatorSuspend?:
            if !failureUnderWay && failoverDue == nil { suspendedAt = suspendedAt ?? e.seq }
        default:
            break
        }
        let before = failures.count
        if let logged = e.extra?["failures-before"]?.intValue, logged != before {
            diverge(.failureCounter, e, "Flink's failure manager counted \(logged) consecutive failures before checkpoint \(id) failed; the core counts \(before)")
        }
        if failures.handleCheckpointException(checkpoint: id, kind: e.kind ?? p.kind, reasonNamed: reason) {
            failoverDue = (e.seq, id)
        }
    }

    /// The job restarts: a failover for checkpoint failures only when their count exceeded the
    /// limit, and nothing is left pending (each pending checkpoint aborted CHECKPOINT_COORDINATOR_SUSPEND).
    mutating func failedOver(_ e: TraceEvent) {
        let tolerable = e.reason == "tolerable-failures-exceeded"
        if tolerable && failoverDue == nil {
            diverge(.failoverWhenExceeded, e, "the job failed over for checkpoint failures, but the failure count (\(failures.count)) did not exceed tolerable-failures (\(config.tolerableFailures))")
        } else if !tolerable, let due = failoverDue {
            diverge(.failoverWhenExceeded, e, "the failure count exceeded tolerable-failures when checkpoint \(due.id) failed (seq \(due.seq)), but the failover's cause is \(e.reason ?? "none")")
        }
        if !pending.isEmpty {
            diverge(.failoverAbortsPending, e, "the job failed over with checkpoint(s) \(pending.map { String($0.id) }.joined(separator: ", ")) still pending: a failover aborts them (\(CheckpointFailureReason.checkpointCoordinatorSuspend.name))")
            pending = []
        }
        failoverDue = nil
        failureUnderWay = false
        suspendedAt = nil
        subsumptionDue = []
        awaitingRestore = true
    }

    /// A restore takes the latest checkpoint in the store, or a fresh start when it is empty.
    mutating func restored(_ e: TraceEvent) {
        if e.extra?["initial"] == .bool(true) {
            if let id = e.checkpoint { _ = store.add(id) }
            return
        }
        awaitingRestore = false
        guard e.checkpoint != store.latest else { return }
        let got = e.checkpoint.map { "checkpoint \($0)" } ?? "a fresh start"
        let want = store.latest.map { "checkpoint \($0), the latest in the store (\(store.checkpoints.map(String.init).joined(separator: ", ")))" }
            ?? "a fresh start (no checkpoint completed)"
        diverge(.restoreLatest, e, "restored \(got) instead of \(want)")
    }

    /// At the end of the history: what is still due.
    mutating func finish(last: TraceEvent?) {
        guard let last else { return }
        if let due = failoverDue {
            diverge(.failoverWhenExceeded, last, "the failure count exceeded tolerable-failures when checkpoint \(due.id) failed (seq \(due.seq)), but the history ends without a failover")
        }
        if let ahead = subsumedAhead.first {
            diverge(.subsumesOlder, last, "checkpoint \(ahead.id) was aborted as subsumed (seq \(ahead.seq)), but no newer checkpoint completed")
        }
    }
}
