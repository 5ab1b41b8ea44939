import CheckpointTrace

/// Chrome trace event JSON (opens in Perfetto and chrome://tracing): a track per task and the
/// coordinator, slices for alignment, snapshots and pending checkpoints, instants for failures
/// and outcomes, flow arrows for messages.
public enum PerfettoExport {
    /// Microseconds: simulated ms × 1000, plus the event's rank within its ms so that order shows.
    static func ts(_ e: TraceEvent, rank: Int) -> Int { e.time * 1000 + min(rank, 999) }

    public static func json(_ trace: Trace) -> JSONValue {
        let actors = ["coordinator"] + (trace.header.topology?.tasks.map(\.id) ?? Array(Set(trace.events.compactMap(\.task))).sorted())
        let tid = Dictionary(actors.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        var out: [JSONValue] = []
        func add(_ pairs: KeyValuePairs<String, JSONValue>) { out.append(.object(JSONObject(pairs))) }
        add(["name": .string("process_name"), "ph": .string("M"), "pid": .int(1), "tid": .int(0), "args": .object(JSONObject(["name": .string("ckpt: \(trace.header.scenario)")]))])
        for a in actors {
            add(["name": .string("thread_name"), "ph": .string("M"), "pid": .int(1), "tid": .int(tid[a]!), "args": .object(JSONObject(["name": .string(a)]))])
        }
        var rankInMs: [Int] = []
        var lastTime = Int.min, rank = 0
        for e in trace.events {
            if e.time == lastTime { rank += 1 } else { rank = 0; lastTime = e.time }
            rankInMs.append(rank)
        }
        func t(_ seq: Int) -> Int { ts(trace.events[seq], rank: rankInMs[seq]) }
        var alignStart: [String: Int] = [:], snapStart: [String: Int] = [:]
        for e in trace.events {
            let actor = e.task ?? e.actor
            let thread = tid[actor] ?? tid[e.actor] ?? 0
            let key = "\(actor)|\(e.checkpoint ?? 0)"
            let cp = e.checkpoint.map(String.init) ?? ""
            switch e.type {
            case .checkpointTriggered:
                add(["name": .string("\(e.kind?.rawValue ?? "checkpoint") \(cp)"), "cat": .string("checkpoint"), "ph": .string("b"),
                     "id": .int(e.checkpoint ?? 0), "pid": .int(1), "tid": .int(1), "ts": .int(t(e.seq))])
            case .checkpointCompleted, .checkpointAborted:
                add(["name": .string("\(e.kind?.rawValue ?? "checkpoint") \(cp)"), "cat": .string("checkpoint"), "ph": .string("e"),
                     "id": .int(e.checkpoint ?? 0), "pid": .int(1), "tid": .int(1), "ts": .int(t(e.seq)),
                     "args": .object(JSONObject(["outcome": .string(e.type == .checkpointCompleted ? "completed" : (e.reason ?? "aborted"))]))])
            case .alignmentStarted: alignStart[key] = e.seq
            case .alignmentCompleted:
                if let s = alignStart.removeValue(forKey: key) {
                    add(["name": .string("alignment \(cp)"), "cat": .string("barrier"), "ph": .string("X"), "pid": .int(1), "tid": .int(thread),
                         "ts": .int(t(s)), "dur": .int(max(1, t(e.seq) - t(s)))])
                }
            case .snapshotStarted: snapStart[key] = e.seq
            case .snapshotCompleted, .snapshotFailed:
                if let s = snapStart.removeValue(forKey: key) {
                    add(["name": .string("snapshot \(cp)" + (e.type == .snapshotFailed ? " (failed)" : "")), "cat": .string("snapshot"), "ph": .string("X"),
                         "pid": .int(1), "tid": .int(thread), "ts": .int(t(s)), "dur": .int(max(1, t(e.seq) - t(s))),
                         "args": .object(JSONObject(["bytes": e.bytes.map { .int($0) } ?? .null, "phase": .string(e.phase ?? "sync+async")]))])
                }
            case .taskFailed, .jobFailover, .restoreStarted, .invariantViolated, .barrierCancelled, .triggerSkipped, .checkpointDiscarded:
                var args = JSONObject()
                if let r = e.reason { args["reason"] = .string(r) }
                if let d = e.detail { args["detail"] = .string(d) }
                add(["name": .string(e.typeName + (cp.isEmpty ? "" : " \(cp)")), "cat": .string(e.type.group), "ph": .string("i"), "s": .string(e.type == .jobFailover ? "g" : "t"),
                     "pid": .int(1), "tid": .int(thread), "ts": .int(t(e.seq)), "args": .object(args)])
            default: break
            }
        }
        // Messages: a 1 µs slice at each end, joined by a flow arrow.
        for (n, m) in MessageMatcher.messages(in: trace.events).enumerated() where m.kind != "record" {
            guard let r = m.received, let from = tid[m.from], let to = tid[m.to] else { continue }
            let name = m.label.split(separator: "\n").joined(separator: " ")
            add(["name": .string(name), "cat": .string(m.kind), "ph": .string("X"), "pid": .int(1), "tid": .int(from), "ts": .int(t(m.sent)), "dur": .int(1)])
            add(["name": .string(name), "cat": .string(m.kind), "ph": .string("s"), "id": .int(n + 1), "pid": .int(1), "tid": .int(from), "ts": .int(t(m.sent))])
            add(["name": .string(name), "cat": .string(m.kind), "ph": .string("X"), "pid": .int(1), "tid": .int(to), "ts": .int(t(r)), "dur": .int(1)])
            add(["name": .string(name), "cat": .string(m.kind), "ph": .string("f"), "bp": .string("e"), "id": .int(n + 1), "pid": .int(1), "tid": .int(to), "ts": .int(t(r))])
        }
        return .object(JSONObject(["traceEvents": .array(out), "displayTimeUnit": .string("ms")]))
    }
}
