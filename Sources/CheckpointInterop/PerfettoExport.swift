import CheckpointTrace

/// Chrome trace event JSON (opens in Perfetto and chrome://tracing): a track per task and the
/// coordinator, slices for alignment, snapshots and pending checkpoints, instants for failures
/// and outcomes, flow arrows for messages.
///
/// Events come sorted by timestamp. Slices on one track must nest; when a task works on two
/// checkpoints at once (max-concurrent > 1: the asynchronous phases of n and n+1 overlap, as on
/// Flink's pool of async snapshot threads), the slice that would cross another goes on an extra
/// track of that task, `TASK ·2`, `TASK ·3`, ... shown right below it.
public enum PerfettoExport {
    /// Microseconds: simulated ms × 1000, plus the event's rank within its ms so that order shows.
    static func ts(_ e: TraceEvent, rank: Int) -> Int { e.time * 1000 + min(rank, 999) }

    /// The largest time (ms, either sign) whose timestamp fits: `json` needs every event within it.
    public static let maxTime = Int.max / 1000 - 1

    /// The index of the first event whose time has no microsecond timestamp, if any.
    public static func firstUnrepresentableEvent(in trace: Trace) -> Int? {
        trace.events.firstIndex { $0.time > maxTime || $0.time < -maxTime }
    }

    /// A slice at a task (alignment or snapshot), before it is given a track.
    struct Slice {
        var actor: String, start: Int, end: Int, name: String, cat: String, args: JSONObject?
    }

    /// The whole export: `{"traceEvents": [...], "displayTimeUnit": "ms"}`.
    public static func json(_ trace: Trace) -> JSONValue {
        let actors = ["coordinator"] + (trace.header.topology?.tasks.map(\.id) ?? Array(Set(trace.events.compactMap(\.task))).sorted())
        var tid = Dictionary(actors.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        var meta: [JSONValue] = []
        var out: [(ts: Int, value: JSONValue)] = []
        func add(_ ts: Int, _ pairs: KeyValuePairs<String, JSONValue>) { out.append((ts, .object(JSONObject(pairs)))) }
        func thread(_ id: Int, _ name: String, sort: Int) {
            meta.append(.object(JSONObject(["name": .string("thread_name"), "ph": .string("M"), "pid": .int(1), "tid": .int(id), "args": .object(JSONObject(["name": .string(name)]))])))
            meta.append(.object(JSONObject(["name": .string("thread_sort_index"), "ph": .string("M"), "pid": .int(1), "tid": .int(id), "args": .object(JSONObject(["sort_index": .int(sort)]))])))
        }
        meta.append(.object(JSONObject(["name": .string("process_name"), "ph": .string("M"), "pid": .int(1), "tid": .int(0), "args": .object(JSONObject(["name": .string("ckpt: \(trace.header.scenario)")]))])))
        for a in actors { thread(tid[a]!, a, sort: tid[a]! * 1000) }
        var rankInMs: [Int] = []
        var lastTime = Int.min, rank = 0
        for e in trace.events {
            if e.time == lastTime { rank += 1 } else { rank = 0; lastTime = e.time }
            rankInMs.append(rank)
        }
        func t(_ seq: Int) -> Int { ts(trace.events[seq], rank: rankInMs[seq]) }
        var alignStart: [String: Int] = [:], snapStart: [String: Int] = [:]
        var pendingName: [Int: String] = [:]
        var slices: [Slice] = []
        for e in trace.events {
            let actor = e.task ?? e.actor
            let thread = tid[actor] ?? tid[e.actor] ?? 0
            let key = "\(actor)|\(e.checkpoint ?? 0)"
            let cp = e.checkpoint.map(String.init) ?? ""
            switch e.type {
            case .checkpointTriggered:
                let name = "\(e.kind?.rawValue ?? "checkpoint") \(cp)"
                pendingName[e.checkpoint ?? 0] = name
                add(t(e.seq), ["name": .string(name), "cat": .string("checkpoint"), "ph": .string("b"),
                               "id": .int(e.checkpoint ?? 0), "pid": .int(1), "tid": .int(1), "ts": .int(t(e.seq))])
            case .checkpointCompleted, .checkpointAborted:
                // The end of a pending checkpoint's slice; an import may show an end whose start it lacks.
                guard let name = pendingName.removeValue(forKey: e.checkpoint ?? 0) else { break }
                add(t(e.seq), ["name": .string(name), "cat": .string("checkpoint"), "ph": .string("e"),
                               "id": .int(e.checkpoint ?? 0), "pid": .int(1), "tid": .int(1), "ts": .int(t(e.seq)),
                               "args": .object(JSONObject(["outcome": .string(e.type == .checkpointCompleted ? "completed" : (e.reason ?? "aborted"))]))])
            case .alignmentStarted: alignStart[key] = e.seq
            case .alignmentCompleted:
                if let s = alignStart.removeValue(forKey: key) {
                    slices.append(Slice(actor: actor, start: t(s), end: t(s) + max(1, t(e.seq) - t(s)), name: "alignment \(cp)", cat: "barrier", args: nil))
                }
            case .snapshotStarted: snapStart[key] = e.seq
            case .snapshotCompleted, .snapshotFailed:
                if let s = snapStart.removeValue(forKey: key) {
                    slices.append(Slice(actor: actor, start: t(s), end: t(s) + max(1, t(e.seq) - t(s)),
                                        name: "snapshot \(cp)" + (e.type == .snapshotFailed ? " (failed)" : ""), cat: "snapshot",
                                        args: JSONObject(["bytes": e.bytes.map { .int($0) } ?? .null, "phase": .string(e.phase ?? "sync+async")])))
                }
            case .taskFailed, .jobFailover, .restoreStarted, .invariantViolated, .barrierCancelled, .triggerSkipped, .checkpointDiscarded:
                var args = JSONObject()
                if let r = e.reason { args["reason"] = .string(r) }
                if let d = e.detail { args["detail"] = .string(d) }
                add(t(e.seq), ["name": .string(e.typeName + (cp.isEmpty ? "" : " \(cp)")), "cat": .string(e.type.group), "ph": .string("i"), "s": .string(e.type == .jobFailover ? "g" : "t"),
                               "pid": .int(1), "tid": .int(thread), "ts": .int(t(e.seq)), "args": .object(args)])
            default: break
            }
        }
        // Each slice goes on the first track of its task where it nests (lane 0: the task's own).
        var lanes: [String: [[Int]]] = [:]  // actor -> per lane, the ends of the open slices
        var nextTid = actors.count + 1
        for s in slices.sorted(by: { ($0.start, -$0.end) < ($1.start, -$1.end) }) {
            var stacks = lanes[s.actor] ?? [[]]
            var lane = 0
            while true {
                if lane == stacks.count { stacks.append([]) }
                while let top = stacks[lane].last, top <= s.start { stacks[lane].removeLast() }
                if let top = stacks[lane].last, top < s.end { lane += 1; continue }
                stacks[lane].append(s.end)
                break
            }
            lanes[s.actor] = stacks
            let laneName = lane == 0 ? s.actor : "\(s.actor) ·\(lane + 1)"
            if tid[laneName] == nil {
                tid[laneName] = nextTid
                thread(nextTid, laneName, sort: (tid[s.actor] ?? 0) * 1000 + lane)
                nextTid += 1
            }
            var slice = JSONObject(["name": .string(s.name), "cat": .string(s.cat), "ph": .string("X"), "pid": .int(1),
                                    "tid": .int(tid[laneName]!), "ts": .int(s.start), "dur": .int(s.end - s.start)])
            if let args = s.args { slice["args"] = .object(args) }
            out.append((s.start, .object(slice)))
        }
        // Messages: a 1 µs slice at each end, joined by a flow arrow.
        for (n, m) in MessageMatcher.messages(in: trace.events).enumerated() where m.kind != "record" {
            guard let r = m.received, let from = tid[m.from], let to = tid[m.to] else { continue }
            let name = m.label.split(separator: "\n").joined(separator: " ")
            add(t(m.sent), ["name": .string(name), "cat": .string(m.kind), "ph": .string("X"), "pid": .int(1), "tid": .int(from), "ts": .int(t(m.sent)), "dur": .int(1)])
            add(t(m.sent), ["name": .string(name), "cat": .string(m.kind), "ph": .string("s"), "id": .int(n + 1), "pid": .int(1), "tid": .int(from), "ts": .int(t(m.sent))])
            add(t(r), ["name": .string(name), "cat": .string(m.kind), "ph": .string("X"), "pid": .int(1), "tid": .int(to), "ts": .int(t(r)), "dur": .int(1)])
            add(t(r), ["name": .string(name), "cat": .string(m.kind), "ph": .string("f"), "bp": .string("e"), "id": .int(n + 1), "pid": .int(1), "tid": .int(to), "ts": .int(t(r))])
        }
        // Sorted by time (stable: at equal times, in the order made above).
        let sorted = out.enumerated().sorted { ($0.element.ts, $0.offset) < ($1.element.ts, $1.offset) }.map(\.element.value)
        return .object(JSONObject(["traceEvents": .array(meta + sorted), "displayTimeUnit": .string("ms")]))
    }
}
