import CheckpointTrace

/// A run at the level of checkpoints: each checkpoint's outcome and reason, each failover and its
/// cause, each restore — what a real Flink run and a simulation of its twin scenario are compared by.
public struct CheckpointHistory: Sendable, Equatable {
    /// One thing that happened to the job's checkpointing.
    public enum Item: Sendable, Hashable {
        case completed(id: Int, kind: CheckpointKind, final: Bool, stop: Bool)
        case aborted(id: Int, kind: CheckpointKind, reason: String)
        case failover(reason: String, task: String?)
        /// `latest`: the checkpoint restored is the newest one completed before the failover.
        case restored(id: Int?, latest: Bool)
    }

    public var items: [Item]

    public init(_ trace: Trace) {
        var items: [Item] = []
        var stops: Set<Int> = []
        var finals: Set<Int> = []
        var lastCompleted: Int?
        for e in trace.events {
            switch e.type {
            case .checkpointTriggered:
                if let id = e.checkpoint, e.extra?["stop"] == .bool(true) { stops.insert(id) }
                if let id = e.checkpoint, e.isFinal == true { finals.insert(id) }
            case .checkpointCompleted:
                guard let id = e.checkpoint else { break }
                let kind = e.kind ?? .checkpoint
                items.append(.completed(id: id, kind: kind, final: finals.contains(id) || e.isFinal == true, stop: stops.contains(id)))
                if kind == .checkpoint { lastCompleted = id }
            case .checkpointAborted:
                if let id = e.checkpoint { items.append(.aborted(id: id, kind: e.kind ?? .checkpoint, reason: e.reason ?? "?")) }
            case .jobFailover:
                items.append(.failover(reason: e.reason ?? "?", task: e.reason == "task-failure" ? e.task.map(CheckpointHistory.operatorTask) : nil))
            case .restoreStarted where e.extra?["initial"] != .bool(true):
                items.append(.restored(id: e.checkpoint, latest: e.checkpoint == lastCompleted))
            default:
                break
            }
        }
        self.items = items
    }

    /// Flink decorates names: a source's task is `Source: NAME`, a sink's writer `NAME: Writer`;
    /// a scenario names the operator `NAME`.
    public static func operatorTask(_ task: String) -> String {
        var t = Substring(task)
        if t.hasPrefix("Source: ") { t = t.dropFirst(8) }
        if t.hasPrefix("Sink: ") { t = t.dropFirst(6) }
        if let r = t.range(of: ": Writer["), t.hasSuffix("]") { t = t[..<r.lowerBound] + "[" + t[r.upperBound...] }
        return String(t)
    }

    /// Every item as written in docs/flink-conformance.md's table: `C1 C2 A3(EXPIRED) F(task-failure faults[1]) R2 …`.
    public var text: String {
        items.map { item -> String in
            switch item {
            case .completed(let id, let kind, let final, let stop):
                return (kind == .savepoint ? (stop ? "SS" : "S") : "C") + "\(id)" + (final ? "final" : "")
            case .aborted(let id, _, let reason): return "A\(id)(\(CheckpointHistory.short(reason)))"
            case .failover(let reason, let task): return "F(\(reason)\(task.map { " \($0)" } ?? ""))"
            case .restored(let id, _): return "R\(id.map(String.init) ?? "-")"
            }
        }.joined(separator: " ")
    }

    /// A reason without Flink's common prefix (EXPIRED, not CHECKPOINT_EXPIRED).
    static func short(_ reason: String) -> String {
        let prefix = "CHECKPOINT_"
        return reason.hasPrefix(prefix) ? String(reason.dropFirst(prefix.count)) : reason
    }

    /// The history with what depends on wall-clock timing taken out, as documented in
    /// docs/flink-conformance.md:
    /// 1. a run of consecutive completed checkpoints is one `completed` (how many fit before the
    ///    next event is timing); `completed…final` when the run ends with the final checkpoint;
    /// 2. aborts CHECKPOINT_COORDINATOR_SUSPEND are left out: whether a checkpoint was pending at
    ///    the instant of a failure is timing (conform checks that every pending one was aborted);
    /// 3. after the final checkpoint, an abort that does not count (a task closing, a trigger that
    ///    found the task finished) is left out: Flink's JobManager learns of the end of input by RPC,
    ///    after the tasks, so its own final trigger can race with their finishing;
    /// 4. aborts CHECKPOINT_SUBSUMED are left out: a newer checkpoint completes first only when the
    ///    JobManager's IO thread pool handles two acks of one task that wait together out of order,
    ///    which is timing (conform checks the subsumption rule each time it happens);
    /// 5. ids become relations: a restore is `restore latest`, `restore fresh` or `restore older`.
    public var shape: [String] {
        var out: [String] = []
        var run = false, runFinal = false
        var finalSeen = false
        func closeRun() {
            if run { out.append(runFinal ? "completed…final" : "completed") }
            run = false; runFinal = false
        }
        for item in items {
            switch item {
            case .completed(_, .checkpoint, let final, _):
                run = true
                if final { runFinal = true; finalSeen = true }
            case .completed(_, _, _, let stop):
                closeRun()
                out.append(stop ? "stop-with-savepoint" : "savepoint")
            case .aborted(_, _, let reason):
                if reason == CheckpointFailureReason.checkpointCoordinatorSuspend.name || reason == CheckpointFailureReason.checkpointSubsumed.name { continue }
                if finalSeen, let r = CheckpointFailureReason(name: reason), !r.countsTowardTolerableFailures { continue }
                closeRun()
                out.append("aborted \(reason)")
            case .failover(let reason, let task):
                closeRun()
                out.append("failover \(reason)" + (task.map { " \($0)" } ?? ""))
            case .restored(let id, let latest):
                closeRun()
                out.append(id == nil ? "restore fresh" : (latest ? "restore latest" : "restore older"))
            }
        }
        closeRun()
        return out
    }
}
