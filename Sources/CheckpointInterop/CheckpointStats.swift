import CheckpointTrace

/// Per-checkpoint statistics from a trace, like the checkpoint tab of Flink's web UI.
public struct CheckpointStats: Sendable {
    /// Milliseconds from `start` to `end`; nil when that does not fit an Int (a trace may hold any times).
    /// The total of `values`; nil when it does not fit an Int.
    static func sum(_ values: [Int]) -> Int? {
        var total = 0
        for v in values {
            let (next, overflow) = total.addingReportingOverflow(v)
            if overflow { return nil }
            total = next
        }
        return total
    }

    static func span(_ start: Int, _ end: Int) -> Int? {
        let (gap, overflow) = end.subtractingReportingOverflow(start)
        return overflow ? nil : gap
    }

    /// One task's part in one checkpoint.
    public struct TaskStats: Sendable, Hashable {
        public var task: String
        /// Time from the first barrier to the last (alignment-started → alignment-completed), ms.
        public var alignment: Int?
        /// The synchronous part of the snapshot, ms (the simulator captures state instantly: 0).
        public var sync: Int?
        /// The asynchronous part: snapshot-started → snapshot-completed (or failed), ms.
        public var async: Int?
        /// ack-sent → ack-received at the coordinator, ms.
        public var ackLatency: Int?
        /// Time from the trigger to this task's ack at the coordinator, ms.
        public var endToEnd: Int?
        public var bytes: Int?
    }

    /// One checkpoint or savepoint.
    public struct Checkpoint: Sendable, Hashable {
        public var id: Int
        public var kind: String
        public var isFinal: Bool
        /// `completed`, `aborted: REASON` or `pending`.
        public var status: String
        public var triggered: Int?
        public var ended: Int?
        public var duration: Int? { ended.flatMap { e in triggered.flatMap { CheckpointStats.span($0, e) } } }
        public var bytes: Int?
        public var tasks: [TaskStats]
        public var acknowledged: Int
    }

    public var checkpoints: [Checkpoint]

    /// Reads the statistics off a trace (simulated or imported) in one pass.
    public init(trace: Trace) {
        var order: [Int] = []
        var byId: [Int: Checkpoint] = [:]
        var tasks: [Int: [String: TaskStats]] = [:]
        var alignStart: [String: Int] = [:], snapStart: [String: Int] = [:], ackSent: [String: Int] = [:]
        func task(_ id: Int, _ t: String, _ change: (inout TaskStats) -> Void) {
            var s = tasks[id]?[t] ?? TaskStats(task: t)
            change(&s)
            tasks[id, default: [:]][t] = s
        }
        func ensure(_ id: Int) {
            if byId[id] == nil {
                order.append(id)
                byId[id] = Checkpoint(id: id, kind: "checkpoint", isFinal: false, status: "pending", tasks: [], acknowledged: 0)
            }
        }
        for e in trace.events {
            guard let id = e.checkpoint else { continue }
            let key = "\(id)|\(e.task ?? "")"
            switch e.type {
            case .checkpointTriggered:
                ensure(id)
                byId[id]!.kind = e.kind?.rawValue ?? "checkpoint"
                byId[id]!.isFinal = e.isFinal ?? false
                byId[id]!.triggered = e.time
            case .checkpointCompleted:
                ensure(id)
                byId[id]!.status = "completed"
                byId[id]!.ended = e.time
                if let k = e.kind { byId[id]!.kind = k.rawValue }
                if let b = e.bytes { byId[id]!.bytes = b }
            case .checkpointAborted:
                ensure(id)
                byId[id]!.status = "aborted: \(e.reason ?? "?")"
                byId[id]!.ended = e.time
            case .alignmentStarted: alignStart[key] = e.time
            case .alignmentCompleted:
                if let s = alignStart[key], let t = e.task { task(id, t) { $0.alignment = CheckpointStats.span(s, e.time) } }
            case .snapshotStarted:
                snapStart[key] = e.time
                if let t = e.task { task(id, t) { $0.sync = 0 } }
            case .snapshotCompleted, .snapshotFailed:
                if let s = snapStart[key], let t = e.task { task(id, t) { $0.async = CheckpointStats.span(s, e.time); if let b = e.bytes { $0.bytes = b } } }
            case .ackSent: ackSent[key] = e.time
            case .ackReceived:
                ensure(id)
                byId[id]!.acknowledged += 1
                if let t = e.task {
                    let triggered = byId[id]?.triggered
                    task(id, t) { s in
                        if let sent = ackSent[key] { s.ackLatency = CheckpointStats.span(sent, e.time) }
                        if let tr = triggered { s.endToEnd = CheckpointStats.span(tr, e.time) }
                        if let b = e.bytes { s.bytes = b }
                        // An imported ack carries Flink's own figures (the REST API's per-subtask details).
                        if let v = e.extra?["alignment"]?.intValue { s.alignment = v }
                        if let v = e.extra?["sync"]?.intValue { s.sync = v }
                        if let v = e.extra?["async"]?.intValue { s.async = v }
                    }
                }
            default: break
            }
        }
        checkpoints = order.map { id in
            var c = byId[id]!
            let rank = Dictionary((trace.header.topology?.tasks ?? []).enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            c.tasks = (tasks[id] ?? [:]).values.sorted { (rank[$0.task] ?? Int.max, $0.task) < (rank[$1.task] ?? Int.max, $1.task) }
            if c.bytes == nil, !c.tasks.isEmpty, c.tasks.contains(where: { $0.bytes != nil }) { c.bytes = CheckpointStats.sum(c.tasks.compactMap(\.bytes)) }
            return c
        }
    }

    /// A plain-text table: one line per checkpoint, then one line per task.
    public func text(perTask: Bool = true) -> String {
        func cell(_ v: Int?) -> String { v.map(String.init) ?? "-" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func right(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        let taskWidth = max(16, (checkpoints.flatMap(\.tasks).map(\.task.count).max() ?? 0) + 2)  // REST imports: 32-hex vertex ids
        // As wide as this trace's longest status ("aborted: CHECKPOINT_DECLINED_ON_CANCELLATION_BARRIER" at most), so most tables fit 80 columns.
        let statusWidth = max(11, (checkpoints.map(\.status.count).max() ?? 0) + 2)
        var lines = [pad("id", 5) + pad("kind", 12) + pad("status", statusWidth) + right("trigger", 8) + right("duration", 10) + right("bytes", 8) + right("acks", 6)]
        for c in checkpoints {
            lines.append(pad("\(c.id)", 5) + pad(c.kind + (c.isFinal ? "*" : ""), 12) + pad(c.status, statusWidth) + right(cell(c.triggered), 8)
                         + right(cell(c.duration), 10) + right(cell(c.bytes), 8) + right("\(c.acknowledged)", 6))
            guard perTask, !c.tasks.isEmpty else { continue }
            lines.append("     " + pad("task", taskWidth) + right("align", 7) + right("sync", 6) + right("async", 7) + right("ack", 6) + right("end2end", 9) + right("bytes", 8))
            for t in c.tasks {
                lines.append("     " + pad(t.task, taskWidth) + right(cell(t.alignment), 7) + right(cell(t.sync), 6) + right(cell(t.async), 7)
                             + right(cell(t.ackLatency), 6) + right(cell(t.endToEnd), 9) + right(cell(t.bytes), 8))
            }
        }
        if checkpoints.contains(where: \.isFinal) { lines.append("* the final checkpoint (end of input)") }
        lines.append("times in ms of simulated time (imported traces: the job's own clock)")
        return lines.joined(separator: "\n")
    }

    /// The same figures as JSON (`ckpt stats --json`): one object per checkpoint with its tasks.
    public var json: JSONValue {
        .array(checkpoints.map { c in
            var o = JSONObject([
                "id": .int(c.id), "kind": .string(c.kind), "final": .bool(c.isFinal), "status": .string(c.status),
                "triggered": c.triggered.map { .int($0) } ?? .null, "duration": c.duration.map { .int($0) } ?? .null,
                "bytes": c.bytes.map { .int($0) } ?? .null, "acknowledged": .int(c.acknowledged),
            ])
            o["tasks"] = .array(c.tasks.map { t in
                .object(JSONObject(["task": .string(t.task), "alignment": t.alignment.map { .int($0) } ?? .null,
                                    "sync": t.sync.map { .int($0) } ?? .null, "async": t.async.map { .int($0) } ?? .null,
                                    "ack-latency": t.ackLatency.map { .int($0) } ?? .null, "end-to-end": t.endToEnd.map { .int($0) } ?? .null,
                                    "bytes": t.bytes.map { .int($0) } ?? .null]))
            })
            return .object(o)
        })
    }
}
