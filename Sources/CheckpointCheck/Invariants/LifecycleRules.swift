import CheckpointTrace

/// monotonic-ids, single-outcome, complete-needs-all-acks, max-concurrent, min-pause: the rules a
/// checkpoint's life follows at the coordinator.
struct LifecycleRules {
    let facts: JobFacts
    var lastId: Int?
    var ended: Set<Int> = []
    /// Pending checkpoints, in trigger order: a handful at a time, so a list searched in place
    /// rather than hash tables (acks look theirs up at every ack).
    var pending: [Pending] = []
    /// Acks of the current attempt for checkpoints not pending (late, or for an id never
    /// triggered), kept should such a checkpoint complete all the same.
    var strayAcks: [Int: SmallIndexSet] = [:]
    var attempt = 0
    var lastCompletion: Int?
    var reportedOverdue: Set<Int> = []
    /// No pending checkpoint is overdue before this time (a lower bound: ended ones may still count).
    var firstDeadline = Int.max

    /// A checkpoint from its trigger to its end: when it was triggered (to see it outlive its
    /// timeout) and the tasks (indices) whose ack of the current attempt arrived.
    struct Pending {
        let id: Int
        let triggeredAt: Int
        var acked = SmallIndexSet()
    }

    init(facts: JobFacts) { self.facts = facts }

    func pendingIndex(_ id: Int) -> Int? { pending.firstIndex { $0.id == id } }

    /// Checkpoint `id` ended: it is no longer pending; returns the acks it had.
    mutating func takeAcks(_ id: Int) -> SmallIndexSet {
        if let i = pendingIndex(id) { return pending.remove(at: i).acked }
        return strayAcks.removeValue(forKey: id) ?? SmallIndexSet()
    }

    /// Back to the start of a trace, keeping storage.
    mutating func restart() {
        lastId = nil
        ended.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        strayAcks.removeAll(keepingCapacity: true)
        attempt = 0
        lastCompletion = nil
        reportedOverdue.removeAll(keepingCapacity: true)
        firstDeadline = Int.max
    }

    /// The other events (acks come as `MessageRef`s, through `ackReceived`).
    mutating func observe(_ e: TraceEvent, into out: inout [Violation]) {
        let ends = e.type == .checkpointAborted || e.type == .checkpointCompleted
        checkTimeouts(time: e.time, seq: e.seq, ending: ends ? e.checkpoint : nil, into: &out)
        switch e.type {
        case .checkpointTriggered:
            guard let id = e.checkpoint else { return }
            triggered(id, kind: e.kind ?? .checkpoint, periodic: e.extra?["request"]?.stringValue == "periodic", time: e.time, seq: e.seq,
                      into: &out)
        case .checkpointCompleted:
            guard let id = e.checkpoint else { return }
            end(id, as: e.typeName, reason: e.reason, seq: e.seq, into: &out)
            let acks = takeAcks(id)
            if !facts.tasks.isEmpty {
                // The list of missing acks is made only when one is missing.
                if facts.taskIndices.contains(where: { !acks.contains($0) }) {
                    let missing = zip(facts.tasks, facts.taskIndices).filter { !acks.contains($0.1) }.map(\.0)
                    out.append(Violation(.completeNeedsAllAcks, "checkpoint \(id) completed without an ack from \(missing.joined(separator: ", ")) in attempt \(attempt)", checkpoint: id, seq: e.seq))
                }
            }
            lastCompletion = e.time
        case .checkpointAborted:
            guard let id = e.checkpoint else { return }
            aborted(id, reason: e.reason, seq: e.seq, into: &out)
        case .jobFailover:
            failover(attempt: e.attempt)
        default:
            break
        }
    }

    /// A checkpoint is triggered: ids strictly increase, at most max-concurrent are pending
    /// (savepoints are forced, but in unaligned mode), a periodic one waits min-pause after the
    /// last completion; it is pending from now on.
    mutating func triggered(_ id: Int, kind: CheckpointKind, periodic: Bool, time: Int, seq: Int, into out: inout [Violation]) {
        if let last = lastId, id <= last {
            out.append(Violation(.monotonicIds, "checkpoint \(id) was triggered after checkpoint \(last): ids must strictly increase, also across failovers", checkpoint: id, seq: seq))
        }
        lastId = max(lastId ?? id, id)
        let forced = kind == .savepoint && facts.mode != "unaligned"
        if !forced && pending.count >= facts.config.maxConcurrent {
            let others = pending.map(\.id).sorted().map(String.init).joined(separator: ", ")
            out.append(Violation(.maxConcurrent, "checkpoint \(id) started while \(pending.count) were pending (\(others)); max-concurrent is \(facts.config.maxConcurrent)", checkpoint: id, seq: seq))
        }
        if periodic, let last = lastCompletion, let gap = msBetween(last, time), gap + facts.clockTolerance < facts.config.minPause {
            out.append(Violation(.minPause, "periodic checkpoint \(id) started \(gap) ms after the last completion (at \(last) ms); min-pause is \(facts.config.minPause) ms", checkpoint: id, seq: seq))
        }
        // Triggered again (ids reused): it starts over.
        if let i = pendingIndex(id) { pending.remove(at: i) }
        strayAcks[id] = nil
        pending.append(Pending(id: id, triggeredAt: time))
        firstDeadline = min(firstDeadline, deadline(time))
    }

    /// A checkpoint is aborted: its one outcome; its acks count for nothing any more.
    mutating func aborted(_ id: Int, reason: String?, seq: Int, into out: inout [Violation]) {
        end(id, as: EventType.checkpointAborted.rawValue, reason: reason, seq: seq, into: &out)
        _ = takeAcks(id)
    }

    /// The job fails over to attempt `a` (the next one when not given): acks of the old attempt
    /// no longer count for anything still pending.
    mutating func failover(attempt a: Int?) {
        attempt = a ?? (attempt == .max ? .max : attempt + 1)
        for i in pending.indices { pending[i].acked = SmallIndexSet() }
        for id in strayAcks.keys { strayAcks[id] = SmallIndexSet() }
    }

    /// An ack of the current attempt counts for its checkpoint.
    mutating func ackReceived(_ id: Int, from task: Int, attempt a: Int?) {
        guard (a ?? attempt) == attempt else { return }
        if let i = pendingIndex(id) { pending[i].acked.insert(task) } else { strayAcks[id, default: SmallIndexSet()].insert(task) }
    }

    /// A checkpoint still pending after its timeout should have expired: CHECKPOINT_EXPIRED is a
    /// counted failure, so one that never expires hides failures from the failure counter.
    /// Checked at every event, so the common case (nothing can be overdue yet) is one comparison;
    /// overdue checkpoints are reported in id order. The checkpoint the event itself ends (`ending`)
    /// is not overdue at it: it lived until this event, which a real log may stamp a millisecond
    /// after its deadline.
    mutating func checkTimeouts(time: Int, seq: Int, ending: Int? = nil, into out: inout [Violation]) {
        guard time > firstDeadline else { return }
        let timeout = facts.config.timeout
        defer {
            var earliest: Int?
            for p in pending where !reportedOverdue.contains(p.id) { earliest = min(earliest ?? p.triggeredAt, p.triggeredAt) }
            firstDeadline = earliest.map(deadline) ?? Int.max
        }
        for (id, t) in pending.map({ ($0.id, $0.triggeredAt) }).sorted(by: { $0.0 < $1.0 }) where time > deadline(t) && !reportedOverdue.contains(id) && id != ending {
            reportedOverdue.insert(id)
            out.append(Violation(.tolerableFailures, "checkpoint \(id) is still pending at \(time) ms, past its timeout (\(t) + \(timeout) ms): it should have expired with \(CheckpointFailureReason.checkpointExpired.name), a counted failure", checkpoint: id, seq: seq))
        }
    }

    /// The time from `a` to `b`, nil when it does not fit an Int (a trace may hold any times).
    func msBetween(_ a: Int, _ b: Int) -> Int? {
        let (gap, overflow) = b.subtractingReportingOverflow(a)
        return overflow ? nil : gap
    }

    /// When a checkpoint triggered at `t` times out, give or take the trace's clock tolerance
    /// (saturating: a header may give any timeout).
    func deadline(_ t: Int) -> Int {
        let (sum, overflow) = t.addingReportingOverflow(facts.config.timeout)
        let due = overflow ? (facts.config.timeout > 0 ? Int.max : Int.min) : sum
        let (late, lateOverflow) = due.addingReportingOverflow(facts.clockTolerance)
        return lateOverflow ? Int.max : late
    }

    /// single-outcome: a checkpoint ends once (`how`: the type of the event that ends it).
    mutating func end(_ id: Int, as how: String, reason: String?, seq: Int, into out: inout [Violation]) {
        if !ended.insert(id).inserted {
            out.append(Violation(.singleOutcome, "checkpoint \(id) ended twice (now \(how)\(reason.map { " \($0)" } ?? ""))", checkpoint: id, seq: seq))
        }
    }
}
