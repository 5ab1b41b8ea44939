import CheckpointTrace

/// The replay state as plain text lines (`ckpt replay --at N --print`, `ckpt diff`): stable,
/// deterministic, with record values spelled out.
public enum StateText {
    /// One event as a short line: `#12 t=5 barrier-received count[0] cp=1 src[0]->count[0]`.
    public static func eventLine(_ e: TraceEvent) -> String {
        var parts = ["#\(e.seq)", "t=\(e.time)", e.typeName, e.task ?? e.actor]
        if let cp = e.checkpoint { parts.append("cp=\(cp)") } else if e.type == .restoreStarted { parts.append("cp=none") }
        if let k = e.kind, k == .savepoint { parts.append("savepoint") }
        if e.isFinal == true { parts.append("final") }
        if let c = e.channel { parts.append(c) } else if let to = e.to { parts.append("->" + to) }
        if let r = e.record { parts.append("\"\(r)\"") }
        if let rs = e.records { parts.append("[" + rs.joined(separator: ",") + "]") }
        if let o = e.offset { parts.append("offset=\(o)") }
        if let r = e.reason { parts.append(r) }
        if let p = e.phase { parts.append("phase=\(p)") }
        if let c = e.cause { parts.append("cause=\(c)") }
        if let a = e.attempt, e.type == .jobFailover || e.type == .restoreStarted { parts.append("attempt=\(a)") }
        if let i = e.invariant { parts.append(i) }
        return parts.joined(separator: " ")
    }

    /// The status of one task with its details on one line (no padding of the id).
    public static func taskDetails(_ t: TaskState) -> String {
        var parts: [String] = []
        switch t.status {
        case .aligning: parts.append("aligning \(t.aligning.map(String.init) ?? "")")
        case .snapshotting: parts.append("snapshotting " + t.snapshotting.map(String.init).joined(separator: ","))
        default: parts.append(t.status.rawValue)
        }
        if t.status == .aligning && !t.snapshotting.isEmpty { parts.append("uploading " + t.snapshotting.map(String.init).joined(separator: ",")) }
        if t.attempt > 0 { parts.append("attempt \(t.attempt)") }
        if !t.blocked.isEmpty { parts.append("blocked " + t.blocked.joined(separator: ",")) }
        if !t.buffered.isEmpty { parts.append("buffered [" + t.buffered.map(\.item.label).joined(separator: " ") + "]") }
        if let o = t.offset { parts.append("offset \(o)") }
        if let c = t.counts { parts.append("counts " + countsText(c)) }
        if let s = t.sink {
            parts.append("committed \(s.committed.count)")
            if s.transactional { parts.append("uncommitted \(s.uncommitted.count)") }
        }
        if let snap = t.lastSnapshot { parts.append("last snapshot \(snap.checkpoint)") }
        return parts.joined(separator: "  ")
    }

    /// `{a:2,b:1}` with keys sorted.
    public static func countsText(_ counts: [String: Int]) -> String {
        "{" + counts.keys.sorted().map { "\($0):\(counts[$0]!)" }.joined(separator: ",") + "}"
    }

    /// A pending checkpoint: `#2 checkpoint  acks 2/4  missing count[0],out[0]`.
    public static func pendingLine(_ p: PendingCheckpoint, tasks: [String], now: Int) -> String {
        let missing = tasks.filter { !p.acked.contains($0) }
        var s = "#\(p.id) \(p.kind.rawValue)\(p.isFinal ? " (final)" : "")  acks \(p.acked.count)/\(tasks.count)"
        if !missing.isEmpty { s += "  missing " + missing.joined(separator: ",") }
        if !p.declined.isEmpty { s += "  declined " + p.declined.joined(separator: ",") }
        s += "  age \(now - p.triggeredAt) ms"
        return s
    }

    public static func coordinatorLine(_ c: CoordinatorState) -> String {
        var s = "store [" + c.store.map(String.init).joined(separator: ",") + "]"
        s += "  next id \(c.nextID)  failures \(c.failureCount)  completed \(c.completedCount)  aborted \(c.abortedCount)"
        if !c.queued.isEmpty { s += "  queued " + c.queued.joined(separator: ",") }
        if c.failovers > 0 { s += "  failovers \(c.failovers)" }
        return s
    }

    /// The whole state at a step; `event` is the event that led to it (nil at step 0).
    public static func lines(_ s: ReplayState, total: Int, header: TraceHeader, event: TraceEvent?) -> [String] {
        var out: [String] = []
        out.append("step \(s.step)/\(total)  time \(s.time) ms  mode \(header.mode ?? "?")  attempt \(s.coordinator.attempt)"
                   + (s.jobFinished ? "  job finished" : s.endOfInput ? "  end of input" : ""))
        if let e = event {
            out.append("event " + eventLine(e))
            out.append("  " + EventExplanation.sentence(for: e, header: header))
        } else {
            out.append("event (none yet: step 0 is the state before the first event)")
        }
        out.append("tasks")
        let width = s.tasks.map(\.id.count).max() ?? 0
        for t in s.tasks { out.append("  " + pad(t.id, width) + "  " + taskDetails(t)) }
        out.append("channels")
        var anyChannel = false
        for c in s.channels where !c.isRPC || !c.queue.isEmpty {
            anyChannel = true
            let items = c.queue.items.map(\.label).joined(separator: " ")
            out.append("  \(c.id)  [\(items)]")
        }
        if !anyChannel { out.append("  (none)") }
        out.append("coordinator")
        let taskIDs = s.tasks.map(\.id)
        for p in s.coordinator.pending { out.append("  pending " + pendingLine(p, tasks: taskIDs, now: s.time)) }
        if s.coordinator.pending.isEmpty { out.append("  no pending checkpoint") }
        out.append("  " + coordinatorLine(s.coordinator))
        let sinks = s.tasks.filter { $0.sink != nil }
        if !sinks.isEmpty {
            out.append("sinks")
            for t in sinks {
                let sink = t.sink!
                var line = "  \(t.id)  committed [" + sink.committed.joined(separator: " ") + "]"
                if sink.transactional { line += "  uncommitted [" + sink.uncommitted.joined(separator: " ") + "]" }
                out.append(line)
            }
        }
        if s.mismatches > 0 { out.append("replay mismatches \(s.mismatches) (a delivery found another item at its channel's head)") }
        if s.findings > 0 { out.append("findings \(s.findings) (invariant violations or failed expectations so far)") }
        return out
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
