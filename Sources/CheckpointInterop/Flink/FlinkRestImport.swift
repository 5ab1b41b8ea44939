import CheckpointTrace

/// One checkpoint as Flink's REST API shows it (an entry of `GET /jobs/:id/checkpoints`'s
/// `history`, with the acks of `…/checkpoints/details/:cid` and its per-vertex subtasks).
public struct FlinkRestCheckpoint: Sendable, Equatable {
    public var id: Int
    /// `COMPLETED`, `FAILED` or `IN_PROGRESS`.
    public var status: String
    public var kind: CheckpointKind
    /// Epoch ms.
    public var triggered: Int
    public var ended: Int?
    public var failureMessage: String?
    public var bytes: Int?
    public var duration: Int?
    public var location: String?
    public var acks: [Ack]
    /// Where a value was given but could not be read (a number beyond 2^63−1 or not whole, a
    /// string for a number): `history[2].latest_ack_timestamp`. The import warns with the count.
    public var unreadable: [String] = []

    /// One task's ack: by vertex and subtask (nil when only the vertex's summary is known).
    public struct Ack: Sendable, Equatable {
        public var vertex: String
        public var subtask: Int?
        /// Epoch ms.
        public var time: Int
        public var bytes: Int?
        public var sync: Int?
        public var async: Int?
        public var alignment: Int?
        public var startDelay: Int?
        public var unaligned: Bool?
        /// For a vertex summary: how many of its subtasks acked.
        public var acknowledgedSubtasks: Int?
    }
}

/// Reads the JSON of Flink's REST endpoint `GET /jobs/:jobid/checkpoints` (CheckpointingStatistics:
/// `counts`, `summary`, `latest`, `history[]`), and of `…/checkpoints/details/:cid`.
public enum FlinkRestImport {
    /// The history's checkpoints, oldest first; an entry may carry per-task details already
    /// (`tasks`, and `subtasks` by vertex as the harness merges them).
    public static func history(fromJSON bytes: [UInt8], file: String) throws(ImportError) -> (checkpoints: [FlinkRestCheckpoint], counts: JSONObject?) {
        let root = try FlinkJSON.parse(bytes, file: file)
        guard let history = root["history"]?.arrayValue, root["counts"] != nil || root["summary"] != nil || root["latest"] != nil else {
            throw ImportError(line: 1, message: "not the JSON of Flink's /jobs/:jobid/checkpoints (expected 'counts', 'summary' and 'history')")
        }
        var out: [FlinkRestCheckpoint] = []
        for (n, entry) in history.enumerated() {
            out.append(try checkpoint(entry, at: "history[\(n)]"))
        }
        return (out.sorted { $0.id < $1.id }, root["counts"]?.objectValue)
    }

    /// One checkpoint's details (`/jobs/:id/checkpoints/details/:cid`, with `subtasks` by vertex).
    public static func details(fromJSON bytes: [UInt8], file: String) throws(ImportError) -> FlinkRestCheckpoint {
        try checkpoint(FlinkJSON.parse(bytes, file: file), at: "the details")
    }

    static func checkpoint(_ entry: JSONValue, at place: String) throws(ImportError) -> FlinkRestCheckpoint {
        func required(_ key: String) throws(ImportError) -> Int {
            guard let v = entry[key] else { throw ImportError(line: 1, message: "\(place) lacks '\(key)'") }
            guard let n = v.intValue, n >= 0 else {
                throw ImportError(line: 1, message: "\(place): '\(key)' must be a whole number from 0 to 2^63−1, found \(v.typeName == "a number" ? "\(v.scalarText) (out of range)" : v.typeName)")
            }
            return n
        }
        var unreadable: [String] = []
        /// An optional count or time: nil when absent, null or negative (Flink's -1 for "none"),
        /// and noted as unreadable when it is there but no whole number that fits.
        func optional(_ v: JSONValue?, _ at: @autoclosure () -> String) -> Int? {
            guard let v, v != .null else { return nil }
            if let n = v.intValue { return n >= 0 ? n : nil }
            unreadable.append(at())
            return nil
        }
        let id = try required("id")
        let trigger = try required("trigger_timestamp")
        let status = entry["status"]?.stringValue ?? "IN_PROGRESS"
        var c = FlinkRestCheckpoint(id: id, status: status, kind: entry["is_savepoint"]?.boolValue == true ? .savepoint : .checkpoint,
                                    triggered: trigger, ended: nil, failureMessage: entry["failure_message"]?.stringValue,
                                    bytes: optional(entry["state_size"], "\(place).state_size") ?? optional(entry["checkpointed_size"], "\(place).checkpointed_size"),
                                    duration: optional(entry["end_to_end_duration"], "\(place).end_to_end_duration"),
                                    location: entry["external_path"]?.stringValue, acks: [])
        switch status {
        case "COMPLETED": c.ended = optional(entry["latest_ack_timestamp"], "\(place).latest_ack_timestamp") ?? c.duration.map { trigger + $0 }
        case "FAILED":
            c.ended = optional(entry["failure_timestamp"], "\(place).failure_timestamp")
                ?? optional(entry["latest_ack_timestamp"], "\(place).latest_ack_timestamp")
        default: break
        }
        if let subtasks = entry["subtasks"]?.objectValue, !subtasks.isEmpty {
            for v in subtasks.entries {
                for (n, s) in (v.value["subtasks"]?.arrayValue ?? []).enumerated() {
                    let at = "\(place).subtasks.\(v.key)[\(n)]"
                    guard let ack = optional(s["ack_timestamp"], "\(at).ack_timestamp"), let index = optional(s["index"], "\(at).index") else { continue }
                    c.acks.append(FlinkRestCheckpoint.Ack(
                        vertex: v.key, subtask: index, time: ack,
                        bytes: optional(s["state_size"], "\(at).state_size") ?? optional(s["checkpointed_size"], "\(at).checkpointed_size"),
                        sync: optional(s["checkpoint"]?["sync"], "\(at).checkpoint.sync"), async: optional(s["checkpoint"]?["async"], "\(at).checkpoint.async"),
                        alignment: optional(s["alignment"]?["duration"], "\(at).alignment.duration"), startDelay: optional(s["start_delay"], "\(at).start_delay"),
                        unaligned: s["unaligned_checkpoint"]?.boolValue, acknowledgedSubtasks: nil))
                }
            }
        } else {
            for t in entry["tasks"]?.objectValue?.entries ?? [] {
                let at = "\(place).tasks.\(t.key)"
                guard let ack = optional(t.value["latest_ack_timestamp"], "\(at).latest_ack_timestamp") else { continue }
                c.acks.append(FlinkRestCheckpoint.Ack(
                    vertex: t.key, subtask: nil, time: ack,
                    bytes: optional(t.value["state_size"], "\(at).state_size") ?? optional(t.value["checkpointed_size"], "\(at).checkpointed_size"),
                    acknowledgedSubtasks: optional(t.value["num_acknowledged_subtasks"], "\(at).num_acknowledged_subtasks")))
            }
        }
        c.acks.sort { ($0.time, $0.vertex, $0.subtask ?? -1) < ($1.time, $1.vertex, $1.subtask ?? -1) }
        c.unreadable = unreadable
        return c
    }

    /// The trace of the endpoint's JSON alone: triggers, acks (by vertex or subtask, named when
    /// `graph` names the vertices), completions and failures, at the REST API's times.
    public static func trace(fromJSON bytes: [UInt8], file: String, graph: FlinkJobGraph? = nil,
                             settings: FlinkSettings? = nil) throws(ImportError) -> Trace {
        let (checkpoints, counts) = try history(fromJSON: bytes, file: file)
        guard let start = checkpoints.map(\.triggered).min() else {
            throw ImportError(line: 1, message: "the checkpoint history is empty: nothing to import")
        }
        var timeline: [(Int, Int, TraceEvent)] = []
        for (n, c) in checkpoints.enumerated() {
            timeline += events(of: c, graph: graph, attempt: nil, order: n * 4)
        }
        timeline.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var events: [TraceEvent] = []
        for (ts, _, e) in timeline {
            var e = e
            e.seq = events.count
            e.time = ts - start
            events.append(e)
        }
        var info = JSONObject(["from": .string("flink-rest"), "file": .string(file), "start": .int(start)])
        if let counts { info["counts"] = .object(counts) }
        if let unread = ImportInfo.outOfRange(checkpoints.flatMap(\.unreadable)) { info["out-of-range"] = unread }
        let header = TraceHeader(scenario: graph?.jobName ?? "flink-job", seed: nil, mode: settings?.mode, config: settings?.config,
                                 topology: nil, generator: "ckpt import", importInfo: info)
        return Trace(header: header, events: events)
    }

    /// One checkpoint's events at epoch times, with sort keys `order`…`order+3`.
    static func events(of c: FlinkRestCheckpoint, graph: FlinkJobGraph?, attempt: Int?, order: Int) -> [(Int, Int, TraceEvent)] {
        var out: [(Int, Int, TraceEvent)] = []
        var trigger = TraceEvent(type: .checkpointTriggered, actor: "coordinator", checkpoint: c.id, kind: c.kind, isFinal: false)
        trigger.extra = JSONObject("source", .string("rest"))
        out.append((c.triggered, order, trigger))
        for a in c.acks {
            out.append((min(a.time, c.ended ?? a.time), order + 1, ackEvent(a, checkpoint: c.id, graph: graph, attempt: attempt)))
        }
        switch c.status {
        case "COMPLETED":
            var e = TraceEvent(type: .checkpointCompleted, actor: "coordinator", checkpoint: c.id, kind: c.kind, isFinal: false)
            e.bytes = c.bytes
            var extra = JSONObject("source", .string("rest"))
            if let d = c.duration { extra["duration"] = .int(d) }
            if let p = c.location { extra["location"] = .string(p) }
            e.extra = extra
            out.append((c.ended ?? c.triggered, order + 2, e))
        case "FAILED":
            let message = c.failureMessage ?? "failed"
            let reason = (CheckpointFailureReason(message: Substring(message)) ?? .checkpointDeclined).name
            var e = TraceEvent(type: .checkpointAborted, actor: "coordinator", checkpoint: c.id, kind: c.kind, reason: reason)
            e.detail = message
            e.extra = JSONObject("source", .string("rest"))
            out.append((c.ended ?? c.triggered, order + 3, e))
        default:
            break  // IN_PROGRESS: triggered, nothing more yet
        }
        return out
    }

    static func ackEvent(_ a: FlinkRestCheckpoint.Ack, checkpoint id: Int, graph: FlinkJobGraph?, attempt: Int?) -> TraceEvent {
        let task = a.subtask.map { graph?.task(vertex: a.vertex, subtask: $0) ?? "\(a.vertex)[\($0)]" } ?? (graph?.names[a.vertex] ?? a.vertex)
        var e = TraceEvent(type: .ackReceived, actor: "coordinator", checkpoint: id, task: task, attempt: attempt)
        e.bytes = a.bytes
        var extra = JSONObject()
        if let v = a.sync { extra["sync"] = .int(v) }
        if let v = a.async { extra["async"] = .int(v) }
        if let v = a.alignment { extra["alignment"] = .int(v) }
        if let v = a.startDelay { extra["start-delay"] = .int(v) }
        if let v = a.unaligned, v { extra["unaligned"] = .bool(true) }
        if let v = a.acknowledgedSubtasks { extra["acknowledged-subtasks"] = .int(v) }
        extra["source"] = .string("rest")
        e.extra = extra
        return e
    }
}
